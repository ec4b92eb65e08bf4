import type { EntityManager } from '@mikro-orm/postgresql';
import { empty, query, sql } from '../db/sql.js';

/**
 * Closes sessions whose program stopped sending heartbeats (crashed, switched off) at their
 * last heartbeat, so they do not stay "active" forever (docs/numbers.md, Sessions). `accountId`
 * limits the sweep to one account; `all` sweeps every account. Returns how many it closed.
 */
export async function closeStaleSessions(
  em: EntityManager,
  accountId: number | 'all',
  timeoutMinutes: number,
  now: Date = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - timeoutMinutes * 60_000);
  const ofAccount = accountId === 'all' ? empty : sql`and account_id = ${accountId}`;
  const rows = await query(
    em,
    sql`update session set ended_at = last_heartbeat_at
      where ended_at is null and last_heartbeat_at < ${cutoff} ${ofAccount}
      returning id`,
  );
  return rows.length;
}
