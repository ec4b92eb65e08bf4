import { Migration } from '@mikro-orm/migrations';

/**
 * The figures of one account's weekly report for one period and time zone, computed once and
 * read by every worker that posts it: every channel, and every retry of a post (a CSV sent
 * after its message), shows the same numbers even when late events arrive in between, and a
 * large account's flags are computed once rather than once per worker process.
 */
export class Migration20261207000000WeeklyReportSnapshot extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "weekly_report_snapshot" (
      "account_id" int not null,
      "period_key" varchar(10) not null,
      "time_zone" varchar(64) not null,
      "report" jsonb not null,
      "computed_at" timestamptz not null default now(),
      primary key ("account_id", "period_key", "time_zone"),
      constraint "weekly_report_snapshot_account_id_foreign" foreign key ("account_id")
        references "account" ("id") on update cascade on delete cascade);`);
    this.addSql(`create index "weekly_report_snapshot_computed_idx" on "weekly_report_snapshot" ("computed_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "weekly_report_snapshot";`);
  }
}
