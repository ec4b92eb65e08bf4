import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../src/db/sql.js';
import type { WeeklyReport } from '../src/reports/weekly.report.js';

/** Snapshots are read while a period's posts go out (up to a day late) and its retries: a week is plenty. */
const KEEP_DAYS = 8;

/** The stored figures of an account's weekly report for a period and zone, if computed already. */
export async function readReportSnapshot(
  em: EntityManager,
  accountId: number,
  periodKey: string,
  zone: string,
): Promise<WeeklyReport | undefined> {
  const [row] = await query<{ report: WeeklyReport }>(
    em,
    sql`select report from weekly_report_snapshot
      where account_id = ${accountId} and period_key = ${periodKey} and time_zone = ${zone}`,
  );
  return row?.report;
}

/**
 * Stores the figures of a finished week (one counted up to a `now` inside the week would
 * freeze a part of it) and forgets old ones. The first stored for a period stays.
 */
export async function storeReportSnapshot(em: EntityManager, report: WeeklyReport): Promise<void> {
  if (report.countedUntil !== report.week.to) return;
  await query(
    em,
    sql`insert into weekly_report_snapshot (account_id, period_key, time_zone, report)
      values (${report.accountId}, ${report.periodKey}, ${report.zone}, ${JSON.stringify(report)}::jsonb)
      on conflict do nothing`,
  );
  await query(
    em,
    sql`delete from weekly_report_snapshot where computed_at < now() - make_interval(days => ${KEEP_DAYS})`,
  );
}
