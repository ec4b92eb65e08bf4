import { Migration } from '@mikro-orm/migrations';

/**
 * A partial index of the denied access events (modes declined and take_denied). The denial
 * queries (flags, denial alerts, pool usage) filter on those modes within a window; on the
 * (license_id, occurred_at) index they read every event of the window and drop all but the
 * denials, a cost that grows with the ingest rate. Found by bench/load (docs/load-and-soak.md).
 */
export class Migration20261206000000DenialIndex extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create index "access_event_denial_idx" on "access_event" ("license_id", "occurred_at") include ("user_email") where "mode" in ('declined', 'take_denied');`,
    );
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "access_event_denial_idx";`);
  }
}
