import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type Account, PendingAction } from '../db/entities/index.js';
import { query, sql } from '../db/sql.js';

/** Confirmation buttons stop working after this long. */
export const PENDING_ACTION_TTL_MINUTES = 10;

export async function createPendingAction(
  em: EntityManager,
  account: Account,
  kind: string,
  payload: Record<string, unknown>,
  createdBy: string,
  now: Date,
): Promise<string> {
  const id = randomUUID();
  em.create(PendingAction, {
    id,
    account,
    kind,
    payload,
    createdBy,
    expiresAt: new Date(now.getTime() + PENDING_ACTION_TTL_MINUTES * 60_000),
  });
  await em.flush();
  return id;
}

/** The shape of a pending action's id (a UUID, as createPendingAction makes them). */
export function isPendingActionId(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

export type Claim =
  | { status: 'claimed'; payload: Record<string, unknown> }
  | { status: 'used'; usedBy: string | null; usedAt: Date | null }
  | { status: 'expired' }
  | { status: 'missing' };

/**
 * Claims a pending action exactly once. The database decides (one conditional UPDATE), so two
 * presses arriving together cannot both win. Scoped to the account and kind.
 */
export async function claimPendingAction(
  em: EntityManager,
  account: Account,
  id: string,
  kind: string,
  userKey: string,
  now: Date,
): Promise<Claim> {
  // Anything else would make PostgreSQL refuse the uuid cast: an error, not "unknown".
  if (!isPendingActionId(id)) return { status: 'missing' };
  const claimed = await query<{ payload: Record<string, unknown> }>(
    em,
    sql`update pending_action set used_at = ${now}, used_by = ${userKey}
      where id = ${id} and account_id = ${account.id} and kind = ${kind} and used_at is null and expires_at > ${now}
      returning payload`,
  );
  if (claimed[0]) return { status: 'claimed', payload: claimed[0].payload };
  const row = await em.findOne(PendingAction, { id, account, kind });
  if (!row) return { status: 'missing' };
  if (row.usedAt) return { status: 'used', usedBy: row.usedBy ?? null, usedAt: row.usedAt };
  return { status: 'expired' };
}
