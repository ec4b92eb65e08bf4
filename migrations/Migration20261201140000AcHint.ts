import { Migration } from '@mikro-orm/migrations';

/** A longer prefix of new activation codes, to tell apart codes sharing their first five characters. */
export class Migration20261201140000AcHint extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "license" add column "ac_hint" varchar(10) null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "license" drop column "ac_hint";`);
  }
}
