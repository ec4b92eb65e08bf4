import type { EntityManager } from '@mikro-orm/postgresql';
import { intArray, query, sql } from '../src/db/sql.js';
import { CATCH_UP_MS, duty } from '../src/domain/weekly-schedule.js';
import type { WeeklyReportJob } from './queues.js';

interface SubscriptionRow {
  id: number;
  account_id: number;
  weekday: number;
  time_of_day: string;
  time_zone: string;
  /** Raw SQL answers timestamps as text here. */
  created_at: string | Date;
}

export interface DueReports {
  /** Posts to enqueue now (on time, or late by less than 24 h). */
  post: (WeeklyReportJob & { jobId: string })[];
  /** Periods recorded as skipped by this tick (more than 24 h late, never started). */
  skipped: { subscriptionId: number; periodKey: string }[];
}

/** `weekly:<subscription>:<period>`: the same post gets the same BullMQ job id on every tick. */
export function weeklyJobId(subscriptionId: number, periodKey: string): string {
  return `weekly:${subscriptionId}:${periodKey}`;
}

/**
 * What the weekly-report schedule owes at `now`, read from PostgreSQL alone (so a scheduler
 * restarted after Redis lost its queues enqueues the same posts again): each active
 * subscription's latest posting whose delivery is not finished. A posting more than 24 h
 * late that never started is recorded as skipped, with the reason, instead.
 */
export async function dueReports(em: EntityManager, now: Date): Promise<DueReports> {
  const subscriptions = await query<SubscriptionRow>(
    em,
    sql`select id, account_id, weekday, time_of_day, time_zone, created_at
        from subscription where deleted_at is null and not paused order by id`,
  );
  const duties = subscriptions.flatMap((s) => {
    const d = duty(
      { weekday: s.weekday, timeOfDay: s.time_of_day, timeZone: s.time_zone },
      now,
      new Date(s.created_at),
    );
    return d ? [{ subscription: s, ...d }] : [];
  });
  if (duties.length === 0) return { post: [], skipped: [] };
  const existing = await query<{ subscription_id: number; period_key: string; status: string }>(
    em,
    sql`select subscription_id, period_key, status from delivery
        where subscription_id = any(${intArray(duties.map((d) => d.subscription.id))}::int[])
          and period_key = any(${`{${duties.map((d) => d.run.periodKey).join(',')}}`}::text[])`,
  );
  const status = new Map(existing.map((r) => [`${r.subscription_id}|${r.period_key}`, r.status]));
  const result: DueReports = { post: [], skipped: [] };
  for (const { subscription, action, run } of duties) {
    const current = status.get(`${subscription.id}|${run.periodKey}`);
    if (action === 'post' && (current === undefined || current === 'pending')) {
      result.post.push({
        jobId: weeklyJobId(subscription.id, run.periodKey),
        subscriptionId: subscription.id,
        periodKey: run.periodKey,
        dueAt: run.dueAt.toISOString(),
      });
    } else if (action === 'skip' && current === undefined) {
      const hours = Math.round(CATCH_UP_MS / 3600_000);
      const inserted = await query<{ id: number }>(
        em,
        sql`insert into delivery (account_id, subscription_id, period_key, status, due_at, error, created_at)
            values (${subscription.account_id}, ${subscription.id}, ${run.periodKey}, 'skipped', ${run.dueAt},
                    ${`missed: LicBot was not running within ${hours} h after it was due`}, ${now})
            on conflict (subscription_id, period_key) do nothing returning id`,
      );
      if (inserted.length) result.skipped.push({ subscriptionId: subscription.id, periodKey: run.periodKey });
    }
  }
  return result;
}
