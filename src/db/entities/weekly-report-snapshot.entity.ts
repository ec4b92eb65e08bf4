import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * The figures of an account's weekly report for one period and time zone, as first computed
 * (jobs/report-snapshot.ts): every worker posting that report, and every retry, reads these.
 * Read and written as SQL; the entity keeps the schema in one place.
 */
export const WeeklyReportSnapshot = defineEntity({
  name: 'WeeklyReportSnapshot',
  tableName: 'weekly_report_snapshot',
  properties: {
    account: p.manyToOne(Account).ref().primary().deleteRule('cascade'),
    periodKey: p.string().length(10).primary(),
    timeZone: p.string().length(64).primary(),
    report: p.json(),
    computedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .index('weekly_report_snapshot_computed_idx'),
  },
  primaryKeys: ['account', 'periodKey', 'timeZone'],
});
export type WeeklyReportSnapshot = InferEntity<typeof WeeklyReportSnapshot>;
