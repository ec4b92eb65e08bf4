import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../src/db/sql.js';
import { LOCK_SPACES, tryAdvisoryLock } from './advisory-lock.js';

/** A weekly delivery row as the report processor works with it. */
export interface DeliveryRow {
  id: number;
  status: 'pending' | 'sent' | 'failed' | 'skipped';
  attempts: number;
  message_ts: string | null;
  file_sent: boolean;
  error: string | null;
  /** Raw SQL answers timestamps as text here. */
  created_at: string | Date;
}

const COLUMNS = sql`id, status, attempts, message_ts, file_sent, error, created_at`;

/**
 * Claims the delivery of one subscription and period before posting: creates it, or counts
 * one more attempt on a pending or failed one. A sent or skipped delivery is returned as it
 * is and must not be posted. `attempts > 1` after the claim means an earlier attempt may
 * have posted without recording it.
 */
export async function claimDelivery(
  em: EntityManager,
  target: { accountId: number; subscriptionId: number; periodKey: string; dueAt: Date },
  now: Date,
): Promise<{ row: DeliveryRow; claimed: boolean }> {
  const [claimed] = await query<DeliveryRow>(
    em,
    sql`insert into delivery (account_id, subscription_id, period_key, status, due_at, attempts, created_at)
        values (${target.accountId}, ${target.subscriptionId}, ${target.periodKey}, 'pending', ${target.dueAt}, 1, ${now})
        on conflict (subscription_id, period_key) do update
          set attempts = delivery.attempts + 1, status = 'pending', error = null
          where delivery.status in ('pending', 'failed')
        returning ${COLUMNS}`,
  );
  if (claimed) return { row: claimed, claimed: true };
  const [row] = await query<DeliveryRow>(
    em,
    sql`select ${COLUMNS} from delivery where subscription_id = ${target.subscriptionId} and period_key = ${target.periodKey}`,
  );
  if (!row) throw new Error(`delivery of subscription ${target.subscriptionId} for ${target.periodKey} vanished`);
  return { row, claimed: false };
}

export async function readDelivery(em: EntityManager, id: number): Promise<DeliveryRow> {
  const [row] = await query<DeliveryRow>(em, sql`select ${COLUMNS} from delivery where id = ${id}`);
  if (!row) throw new Error(`delivery ${id} vanished`);
  return row;
}

/** Records progress at once (its own statement, outside any long transaction). */
export async function recordDelivery(
  em: EntityManager,
  id: number,
  change: { messageTs?: string; fileSent?: boolean; sentAt?: Date; failed?: string },
): Promise<void> {
  await query(
    em,
    sql`update delivery set
          message_ts = coalesce(${change.messageTs ?? null}, message_ts),
          file_sent = file_sent or ${change.fileSent ?? false},
          status = case when ${change.sentAt ?? null}::timestamptz is not null then 'sent'
                        when ${change.failed ?? null}::text is not null then 'failed' else status end,
          sent_at = coalesce(${change.sentAt ?? null}::timestamptz, sent_at),
          error = coalesce(${change.failed ?? null}::text, error)
        where id = ${id} and status <> 'sent'`,
  );
}

/** After the last attempt: a delivery still pending failed for good, with the reason. */
export async function failPendingDelivery(
  em: EntityManager,
  target: { subscriptionId: number; periodKey: string },
  reason: string,
): Promise<void> {
  await query(
    em,
    sql`update delivery set status = 'failed', error = ${reason.slice(0, 1000)}
        where subscription_id = ${target.subscriptionId} and period_key = ${target.periodKey} and status = 'pending'`,
  );
}

/**
 * Runs `fn` holding the advisory lock of the delivery (see advisory-lock.ts): two workers
 * never post the same delivery at once (a stalled job picked up again while its first run
 * still posts). Returns `locked: false` when another worker holds it.
 */
export function withDeliveryLock<T>(
  databaseUrl: string,
  deliveryId: number,
  fn: () => Promise<T>,
): Promise<{ locked: false } | { locked: true; value: T }> {
  return tryAdvisoryLock(databaseUrl, [LOCK_SPACES.delivery, deliveryId], fn);
}
