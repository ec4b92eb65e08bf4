import type { TestDatabase } from '../helpers/test-database.js';

/**
 * One md5 per table over an account's generated rows, in a fixed order. Serial ids and
 * created/updated stamps differ between runs by design, so rows name their license by its
 * keyed hash instead of its id. Columns are listed (rather than to_jsonb(row)) because that is
 * seven times faster on the 45,000 rows of a small seed.
 */
export async function seedDump(db: TestDatabase, slug: string): Promise<Record<string, string>> {
  const tables: Record<string, { from: string; columns: string; order: string }> = {
    license: {
      from: 'license l join product p on p.id = l.product_id',
      columns: 'p.name, l.type, l.seats, l.activations_allowed, l.expires_at, l.ac_prefix, l.ac_hash',
      order: 'l.ac_hash',
    },
    activation: {
      from: 'activation t join license l on l.id = t.license_id',
      columns: 'l.ac_hash, t.user_email, t.machine, t.activated_at, t.deactivated_at',
      order: 'line',
    },
    session: {
      from: 'session t join license l on l.id = t.license_id join product p on p.id = t.product_id',
      columns:
        't.client_session_id, l.ac_hash, p.name, t.user_email, t.machine, t.version, t.started_at, t.last_heartbeat_at, t.ended_at',
      order: 't.client_session_id',
    },
    access_event: {
      from: 'access_event t join license l on l.id = t.license_id',
      columns: 't.event_id, l.ac_hash, t.mode, t.user_email, t.machine, t.version, t.occurred_at, t.received_at',
      order: 't.event_id',
    },
  };
  const dump: Record<string, string> = {};
  for (const [table, { from, columns, order }] of Object.entries(tables)) {
    const [row] = await db.sql<{ h: string }>(
      `select md5(coalesce(string_agg(line, E'\\n' order by ${order === 'line' ? 'line' : 'key'}), '')) as h
         from (select concat_ws('|', ${columns}) as line, ${order === 'line' ? 'null' : order} as key
                 from ${from} where l.account_id = (select id from account where slug = $1)) rows`,
      [slug],
    );
    dump[table] = row!.h;
  }
  return dump;
}
