import { Migration } from '@mikro-orm/migrations';

/**
 * Every event id of an account, access events included, now has a row in `event_receipt`,
 * whose primary key makes an id unique per account across all event types. This adds the
 * receipts of the access events stored before.
 */
export class Migration20261205000000EventIdsAcrossTypes extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `insert into "event_receipt" ("account_id", "event_id", "type", "received_at")
       select "account_id", "event_id", 'access', "received_at" from "access_event"
       on conflict ("account_id", "event_id") do nothing;`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`delete from "event_receipt" where "type" = 'access';`);
  }
}
