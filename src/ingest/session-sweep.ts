import type { EntityManager } from '@mikro-orm/postgresql';
import { sqlRows } from './sql.js';

/**
 * Closes sessions whose program stopped sending heartbeats (crashed, switched off) at their
 * last heartbeat, so they do not stay "active" forever (SPEC §1 Sessions). `accountId`
 * limits the sweep to one account; `all` sweeps every account. Returns how many it closed.
 */
export async function closeStaleSessions(
  em: EntityManager,
  accountId: number | 'all',
  timeoutMinutes: number,
  now: Date = new Date(),
): Promise<number> {
  const cutoff = new Date(now.getTime() - timeoutMinutes * 60_000);
  const rows = await sqlRows(
    em,
    `update session set ended_at = last_heartbeat_at
      where ended_at is null and last_heartbeat_at < ? and (?::int is null or account_id = ?::int)
      returning id`,
    [cutoff, accountId === 'all' ? null : accountId, accountId === 'all' ? null : accountId],
  );
  return rows.length;
}
