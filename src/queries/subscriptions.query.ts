import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { dateOf, epochMs } from '../db/sql-time.js';
import { nextRun, type WeeklySchedule } from '../domain/weekly-schedule.js';

export type DeliveryStatus = 'pending' | 'sent' | 'failed' | 'skipped';

export interface LastDelivery {
  /** The local posting date, `YYYY-MM-DD`. */
  periodKey: string;
  status: DeliveryStatus;
  error: string | null;
  sentAt: Date | null;
}

export interface SubscriptionListing extends WeeklySchedule {
  id: number;
  platform: 'slack' | 'teams';
  /** Channel id (Slack) or conversation id (Teams). */
  target: string;
  targetName: string | null;
  paused: boolean;
  createdBy: string;
  createdAt: Date;
  /** The next posting; null while paused. */
  nextRunAt: Date | null;
  lastDelivery: LastDelivery | null;
}

interface Row {
  id: number;
  platform: 'slack' | 'teams';
  target: string;
  target_name: string | null;
  weekday: number;
  time_of_day: string;
  time_zone: string;
  paused: boolean;
  created_by: string;
  created_ms: number;
  period_key: string | null;
  status: DeliveryStatus | null;
  error: string | null;
  sent_ms: number | null;
}

/**
 * The account's subscriptions (unsubscribed ones left out), each with its latest delivery:
 * the one with the greatest period key, which the (subscription_id, period_key) unique index
 * finds with one backward index step per subscription. Period keys are `YYYY-MM-DD`, so text
 * order is date order.
 */
export async function listSubscriptions(
  em: EntityManager,
  accountId: number,
  now: Date,
): Promise<SubscriptionListing[]> {
  const rows = await query<Row>(
    em,
    sql`select s.id, s.platform, s.target, s.target_name, s.weekday, s.time_of_day, s.time_zone, s.paused,
        s.created_by, ${epochMs('s.created_at')} as created_ms,
        d.period_key, d.status, d.error, d.sent_ms
      from subscription s
      left join lateral (
        select d.period_key, d.status, d.error, ${epochMs('d.sent_at')} as sent_ms
        from delivery d where d.subscription_id = s.id
        order by d.period_key desc limit 1
      ) d on true
      where s.account_id = ${accountId} and s.deleted_at is null
      order by s.id`,
  );
  return rows.map((r) => {
    const schedule: WeeklySchedule = { weekday: r.weekday, timeOfDay: r.time_of_day, timeZone: r.time_zone };
    return {
      id: r.id,
      platform: r.platform,
      target: r.target,
      targetName: r.target_name,
      ...schedule,
      paused: r.paused,
      createdBy: r.created_by,
      createdAt: dateOf(r.created_ms),
      nextRunAt: r.paused ? null : nextRun(schedule, now).dueAt,
      lastDelivery:
        r.period_key === null || r.status === null
          ? null
          : { periodKey: r.period_key, status: r.status, error: r.error, sentAt: dateOf(r.sent_ms) },
    };
  });
}
