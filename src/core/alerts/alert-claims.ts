import type { EntityManager } from '@mikro-orm/postgresql';
import { query, type Sql, sql } from '../../db/sql.js';
import type { AlertMemory } from '../../domain/alert-rules.js';

/** One alert_state row: which rule fired for what, in which account. */
export interface AlertKey {
  accountId: number;
  rule: string;
  subject: string;
}

const matches = (key: AlertKey) =>
  sql`account_id = ${key.accountId} and rule = ${key.rule} and subject = ${key.subject}`;

// Fired-at instants are compared to the millisecond: that is what JS dates carry.
const holds = (m: AlertMemory) =>
  sql`date_trunc('milliseconds', alert_state.last_fired_at) = ${m.lastFiredAt} and alert_state.last_value = ${m.lastValue}`;

export async function readAlertMemory(em: EntityManager, key: AlertKey): Promise<AlertMemory | undefined> {
  const [row] = await query<{ fired_ms: number; last_value: number }>(
    em,
    sql`select (extract(epoch from last_fired_at) * 1000)::float8 as fired_ms, last_value
    from alert_state where ${matches(key)}`,
  );
  return row ? { lastFiredAt: new Date(row.fired_ms), lastValue: row.last_value } : undefined;
}

async function upsert(em: EntityManager, key: AlertKey, next: AlertMemory, onConflict: Sql): Promise<boolean> {
  const rows = await query<{ id: number }>(
    em,
    sql`insert into alert_state (account_id, rule, subject, last_fired_at, last_value)
    values (${key.accountId}, ${key.rule}, ${key.subject}, ${next.lastFiredAt}, ${next.lastValue})
    on conflict (account_id, rule, subject) ${onConflict} returning id`,
  );
  return rows.length > 0;
}

/**
 * Claims an alert decided on `seen` (what readAlertMemory returned): the row becomes `next`
 * only if it still is `seen`, in one statement. Of two replicas that read the same state and
 * both decided to fire, the unique key makes the second wait for the first and then find
 * the row changed: it gets no row back and sends nothing. The rule itself stays in one place
 * (domain/alert-rules.ts); this only makes sure nobody acted on the same state before us.
 */
export function claimAlert(
  em: EntityManager,
  key: AlertKey,
  seen: AlertMemory | undefined,
  next: AlertMemory,
): Promise<boolean> {
  return upsert(
    em,
    key,
    next,
    sql`do update set last_fired_at = excluded.last_fired_at, last_value = excluded.last_value
      where ${seen ? holds(seen) : sql`false`}`,
  );
}

/** Claims an alert that is sent once per key at most (an expiry stage). */
export function claimOnce(em: EntityManager, key: AlertKey, next: AlertMemory): Promise<boolean> {
  return upsert(em, key, next, sql`do nothing`);
}

/**
 * Gives a claim back after the alert reached nobody because sending threw (Slack down, a
 * timeout), so the next check tries again. Only our own claim is undone: if another check
 * has claimed since, its row stays.
 */
export async function releaseAlert(
  em: EntityManager,
  key: AlertKey,
  ours: AlertMemory,
  previous: AlertMemory | undefined,
): Promise<void> {
  const mine = sql`${matches(key)} and ${holds(ours)}`;
  await query(
    em,
    previous
      ? sql`update alert_state set last_fired_at = ${previous.lastFiredAt}, last_value = ${previous.lastValue} where ${mine}`
      : sql`delete from alert_state where ${mine}`,
  );
}
