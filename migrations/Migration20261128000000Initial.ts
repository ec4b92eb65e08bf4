import { Migration } from '@mikro-orm/migrations';

/** The whole LicBot schema: accounts, licenses, usage data, chat links, schedules, audit. */
export class Migration20261128000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "account" ("id" serial primary key, "name" varchar(200) not null, "slug" varchar(64) not null, "time_zone" varchar(64) not null default 'UTC', "idle_seat_days" int not null default 30, "pool_window_days" int not null default 28, "denial_threshold" int not null default 5, "denial_window_days" int not null default 7, "alerts_enabled" boolean not null default true, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "account" add constraint "account_slug_unique" unique ("slug");`);
    this.addSql(
      `create table "alert_state" ("id" serial primary key, "account_id" int not null, "rule" varchar(64) not null, "subject" varchar(200) not null, "last_fired_at" timestamptz not null, "last_value" int not null);`,
    );
    this.addSql(
      `alter table "alert_state" add constraint "alert_state_unique" unique ("account_id", "rule", "subject");`,
    );
    this.addSql(
      `create table "api_key" ("id" serial primary key, "account_id" int not null, "name" varchar(200) not null, "key_hash" varchar(64) not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null);`,
    );
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);
    this.addSql(
      `create table "audit_log" ("id" serial primary key, "account_id" int not null, "actor" varchar(320) not null, "action" varchar(64) not null, "details" jsonb not null, "at" timestamptz not null default now());`,
    );
    this.addSql(`create index "audit_log_account_at_idx" on "audit_log" ("account_id", "at");`);
    this.addSql(
      `create table "conversation_reference" ("id" serial primary key, "account_id" int not null, "conversation_id" varchar(500) not null, "user_id" varchar(200) null, "reference" jsonb not null, "updated_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "conversation_reference" add constraint "conversation_reference_unique" unique ("account_id", "conversation_id");`,
    );
    this.addSql(
      `create table "event_receipt" ("account_id" int not null, "event_id" uuid not null, "type" varchar(32) not null, "received_at" timestamptz not null default now(), constraint "event_receipt_pkey" primary key ("account_id", "event_id"));`,
    );
    this.addSql(
      `create table "product" ("id" serial primary key, "account_id" int not null, "name" varchar(200) not null, "position" int not null);`,
    );
    this.addSql(`create unique index "product_account_name_unique" on "product" ("account_id", lower("name"));`);
    this.addSql(
      `create table "license" ("id" serial primary key, "account_id" int not null, "product_id" int not null, "type" text check ("type" in ('SUL', 'MUL', 'HWK')) not null, "seats" int not null, "activations_allowed" int not null, "expires_at" date not null, "ac_prefix" varchar(5) not null, "ac_hash" varchar(64) not null, "baseline_full" int not null default 0, "baseline_limited" int not null default 0, "baseline_declined" int not null default 0, "baseline_takes" int not null default 0, "baseline_take_denied" int not null default 0, "baseline_checkouts" int not null default 0, "baseline_at" timestamptz null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "license" add constraint "license_account_ac_hash_unique" unique ("account_id", "ac_hash");`,
    );
    this.addSql(
      `create table "activation" ("id" serial primary key, "account_id" int not null, "license_id" int not null, "user_email" varchar(320) not null, "machine" varchar(200) not null, "activated_at" timestamptz not null, "deactivated_at" timestamptz null);`,
    );
    this.addSql(
      `create index "activation_license_active_idx" on "activation" ("license_id") where "deactivated_at" is null;`,
    );
    this.addSql(`create index "activation_account_user_idx" on "activation" ("account_id", "user_email");`);
    this.addSql(
      `create table "access_event" ("id" bigserial primary key, "account_id" int not null, "event_id" uuid not null, "license_id" int not null, "mode" text check ("mode" in ('full', 'limited', 'declined', 'take', 'take_denied', 'checkout')) not null, "user_email" varchar(320) not null, "machine" varchar(200) not null, "version" varchar(64) not null, "occurred_at" timestamptz not null, "received_at" timestamptz not null default now());`,
    );
    this.addSql(
      `create index "access_event_license_occurred_idx" on "access_event" ("license_id", "occurred_at") include ("mode");`,
    );
    this.addSql(
      `alter table "access_event" add constraint "access_event_account_event_unique" unique ("account_id", "event_id");`,
    );
    this.addSql(
      `create table "role_assignment" ("id" serial primary key, "account_id" int not null, "platform" text check ("platform" in ('slack', 'teams')) not null, "user_id" varchar(200) not null, "role" text check ("role" in ('admin', 'manager')) not null, "display_name" varchar(200) null, "granted_by" varchar(200) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_unique" unique ("account_id", "platform", "user_id", "role");`,
    );
    this.addSql(
      `create table "session" ("id" bigserial primary key, "account_id" int not null, "client_session_id" varchar(200) not null, "license_id" int not null, "product_id" int not null, "user_email" varchar(320) not null, "machine" varchar(200) not null, "version" varchar(64) not null, "started_at" timestamptz not null, "last_heartbeat_at" timestamptz not null, "ended_at" timestamptz null);`,
    );
    this.addSql(`create index "session_account_started_idx" on "session" ("account_id", "started_at");`);
    this.addSql(
      `create index "session_account_user_product_idx" on "session" ("account_id", "user_email", "product_id", "started_at");`,
    );
    this.addSql(`create index "session_license_started_idx" on "session" ("license_id", "started_at");`);
    this.addSql(
      `create index "session_open_idx" on "session" ("account_id", "last_heartbeat_at") where "ended_at" is null;`,
    );
    this.addSql(
      `alter table "session" add constraint "session_account_client_id_unique" unique ("account_id", "client_session_id");`,
    );
    this.addSql(
      `create table "stats_reset" ("id" serial primary key, "account_id" int not null, "scope" varchar(200) not null, "at" timestamptz not null, "by_user" varchar(320) not null, "undone_at" timestamptz null, "undone_by" varchar(320) null);`,
    );
    this.addSql(`create index "stats_reset_account_at_idx" on "stats_reset" ("account_id", "at");`);
    this.addSql(
      `create table "stats_reset_license" ("reset_id" int not null, "license_id" int not null, "full_before" int not null, "limited_before" int not null, "declined_before" int not null, "takes_before" int not null, "take_denied_before" int not null, "checkouts_before" int not null, constraint "stats_reset_license_pkey" primary key ("reset_id", "license_id"));`,
    );
    this.addSql(`create index "stats_reset_license_license_idx" on "stats_reset_license" ("license_id");`);
    this.addSql(
      `create table "subscription" ("id" serial primary key, "account_id" int not null, "platform" text check ("platform" in ('slack', 'teams')) not null, "target" varchar(500) not null, "kind" text check ("kind" in ('weekly_report')) not null default 'weekly_report', "weekday" smallint not null, "time_of_day" varchar(5) not null, "time_zone" varchar(64) not null, "paused" boolean not null default false, "created_by" varchar(200) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "subscription_account_idx" on "subscription" ("account_id");`);
    this.addSql(
      `create table "delivery" ("id" serial primary key, "account_id" int not null, "subscription_id" int not null, "period_key" varchar(64) not null, "status" text check ("status" in ('pending', 'sent', 'failed')) not null default 'pending', "attempts" int not null default 0, "error" text null, "created_at" timestamptz not null default now(), "sent_at" timestamptz null);`,
    );
    this.addSql(
      `alter table "delivery" add constraint "delivery_subscription_period_unique" unique ("subscription_id", "period_key");`,
    );
    this.addSql(
      `create table "workspace_link" ("id" serial primary key, "account_id" int not null, "platform" text check ("platform" in ('slack', 'teams')) not null, "external_id" varchar(200) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(
      `alter table "workspace_link" add constraint "workspace_link_unique" unique ("platform", "external_id");`,
    );
    this.addSql(
      `alter table "alert_state" add constraint "alert_state_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "api_key" add constraint "api_key_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "audit_log" add constraint "audit_log_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "conversation_reference" add constraint "conversation_reference_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "event_receipt" add constraint "event_receipt_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "product" add constraint "product_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "license" add constraint "license_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "license" add constraint "license_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "activation" add constraint "activation_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "activation" add constraint "activation_license_id_foreign" foreign key ("license_id") references "license" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "access_event" add constraint "access_event_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "access_event" add constraint "access_event_license_id_foreign" foreign key ("license_id") references "license" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "role_assignment" add constraint "role_assignment_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "session" add constraint "session_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "session" add constraint "session_license_id_foreign" foreign key ("license_id") references "license" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "session" add constraint "session_product_id_foreign" foreign key ("product_id") references "product" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stats_reset" add constraint "stats_reset_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stats_reset_license" add constraint "stats_reset_license_reset_id_foreign" foreign key ("reset_id") references "stats_reset" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "stats_reset_license" add constraint "stats_reset_license_license_id_foreign" foreign key ("license_id") references "license" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "subscription" add constraint "subscription_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "delivery" add constraint "delivery_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "delivery" add constraint "delivery_subscription_id_foreign" foreign key ("subscription_id") references "subscription" ("id") on update cascade;`,
    );
    this.addSql(
      `alter table "workspace_link" add constraint "workspace_link_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "workspace_link" cascade;`);
    this.addSql(`drop table if exists "delivery" cascade;`);
    this.addSql(`drop table if exists "subscription" cascade;`);
    this.addSql(`drop table if exists "stats_reset_license" cascade;`);
    this.addSql(`drop table if exists "stats_reset" cascade;`);
    this.addSql(`drop table if exists "session" cascade;`);
    this.addSql(`drop table if exists "role_assignment" cascade;`);
    this.addSql(`drop table if exists "access_event" cascade;`);
    this.addSql(`drop table if exists "activation" cascade;`);
    this.addSql(`drop table if exists "license" cascade;`);
    this.addSql(`drop table if exists "product" cascade;`);
    this.addSql(`drop table if exists "event_receipt" cascade;`);
    this.addSql(`drop table if exists "conversation_reference" cascade;`);
    this.addSql(`drop table if exists "audit_log" cascade;`);
    this.addSql(`drop table if exists "api_key" cascade;`);
    this.addSql(`drop table if exists "alert_state" cascade;`);
    this.addSql(`drop table if exists "account" cascade;`);
  }
}
