import { Migration } from '@mikro-orm/migrations';

/** Weekly report deliveries that can be claimed, found again and skipped; the alert log. */
export class Migration20261201000000Schedules extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "alert_log" ("id" serial primary key, "account_id" int not null, "rule" varchar(64) not null, "subject" varchar(200) not null, "status" text check ("status" in ('sent', 'undelivered', 'failed')) not null, "recipients" jsonb not null, "details" jsonb not null, "at" timestamptz not null default now());`,
    );
    this.addSql(`create index "alert_log_account_at_idx" on "alert_log" ("account_id", "at");`);
    this.addSql(
      `alter table "alert_log" add constraint "alert_log_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(`alter table "delivery" drop constraint if exists "delivery_status_check";`);
    this.addSql(
      `alter table "subscription" add column "target_name" varchar(200) null, add column "deleted_at" timestamptz null;`,
    );
    this.addSql(
      `alter table "delivery" add column "due_at" timestamptz null, add column "message_ts" varchar(64) null, add column "file_sent" boolean not null default false;`,
    );
    this.addSql(
      `alter table "delivery" add constraint "delivery_status_check" check("status" in ('pending', 'sent', 'failed', 'skipped'));`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "alert_log" cascade;`);
    this.addSql(`alter table "delivery" drop constraint if exists "delivery_status_check";`);
    this.addSql(`delete from "delivery" where "status" = 'skipped';`);
    this.addSql(`alter table "delivery" drop column "due_at", drop column "message_ts", drop column "file_sent";`);
    this.addSql(
      `alter table "delivery" add constraint "delivery_status_check" check("status" in ('pending', 'sent', 'failed'));`,
    );
    this.addSql(`alter table "subscription" drop column "target_name", drop column "deleted_at";`);
  }
}
