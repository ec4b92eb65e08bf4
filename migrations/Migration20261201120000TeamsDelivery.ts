import { Migration } from '@mikro-orm/migrations';

/**
 * Teams: conversation references that can be marked dead (the bot was removed) and say what
 * they are; CSV download links, stored by the hash of their token.
 */
export class Migration20261201120000TeamsDelivery extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `alter table "conversation_reference" add column "kind" varchar(20) not null default 'personal', add column "dead_at" timestamptz null, add column "dead_reason" varchar(500) null;`,
    );
    this.addSql(
      `create index "conversation_reference_user_idx" on "conversation_reference" ("account_id", "user_id");`,
    );
    this.addSql(
      `create table "file_link" ("id" serial primary key, "account_id" int not null, "token_hash" varchar(64) not null, "file_name" varchar(255) not null, "path" varchar(1000) not null, "bytes" bigint not null, "created_at" timestamptz not null default now(), "expires_at" timestamptz not null, "downloads" int not null default 0);`,
    );
    this.addSql(`alter table "file_link" add constraint "file_link_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "file_link_expires_at_idx" on "file_link" ("expires_at");`);
    this.addSql(
      `alter table "file_link" add constraint "file_link_account_id_foreign" foreign key ("account_id") references "account" ("id") on update cascade;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "file_link" cascade;`);
    this.addSql(`drop index if exists "conversation_reference_user_idx";`);
    this.addSql(
      `alter table "conversation_reference" drop column "kind", drop column "dead_at", drop column "dead_reason";`,
    );
  }
}
