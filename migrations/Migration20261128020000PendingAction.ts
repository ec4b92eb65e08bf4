import { Migration } from '@mikro-orm/migrations';

/** Single-use, expiring button actions (reset and undo confirmations). */
export class Migration20261128020000PendingAction extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create table "pending_action" ("id" uuid not null, "account_id" int not null, "kind" varchar(64) not null, "payload" jsonb not null, "created_by" varchar(200) not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "used_at" timestamptz null, "used_by" varchar(200) null, constraint "pending_action_pkey" primary key ("id"));`,
    );
    this.addSql(
      `alter table "pending_action" add constraint "pending_action_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "pending_action" cascade;`);
  }
}
