import { Migration } from '@mikro-orm/migrations';

/**
 * Activations the portal's License Stats export counts that LicBot has no activation of
 * (they were made before it received events), so "activations used" agrees with the portal.
 */
export class Migration20261202090000ActivationsUnlisted extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "license" add column "activations_unlisted" int not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "license" drop column "activations_unlisted";`);
  }
}
