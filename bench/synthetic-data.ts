import pg from 'pg';
import { createAccount } from '../src/accounts/account.service.js';
import { ensureDatabase, migrateUp, openOrm } from '../src/db/orm.js';
import { upsertLicense } from '../src/ingest/license-upsert.js';

/**
 * A stand-in for `seed --scale large` when that database is not there: 40 licenses, 5,000
 * users, `sessions` sessions over 90 days ending now and three access events per session,
 * all made in SQL with generate_series.
 */
export async function createSyntheticDatabase(url: string, sessions: number): Promise<void> {
  await ensureDatabase(url);
  const orm = await openOrm(url);
  try {
    await migrateUp(orm);
    const em = orm.em.fork();
    const account = await createAccount(em, { name: 'Synthetic', slug: 'default', timeZone: 'UTC' });
    const types = ['MUL', 'MUL', 'SUL', 'MUL', 'HWK'] as const;
    const products = ['AGi32', 'Toolbox', 'Photometric Power Tools', 'ElumTools', 'Licaso'];
    for (let i = 0; i < 40; i++) {
      await upsertLicense(
        em,
        account,
        {
          product: products[i % 5]!,
          type: types[Math.floor(i / 8) % 5]!,
          seats: 5 + (i % 20),
          activationsAllowed: 50,
          expiresAt: '2027-12-31',
          activationCode: `SYN${String(i).padStart(2, '0')}-BENCH-CODE`,
        },
        'synthetic-secret-not-used-for-lookups',
      );
    }
  } finally {
    await orm.close();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `insert into session (account_id, client_session_id, license_id, product_id, user_email, machine,
        version, started_at, last_heartbeat_at, ended_at)
      select 1, 'syn-' || g, l.id, l.product_id, 'user' || (g % 5000) || '@example.com', 'PC-' || (g % 7000),
        '2025.' || (g % 3), t, t + d, case when g % 2500 = 0 then null else t + d end
      from generate_series(1, $1::int) g
      join lateral (select id, product_id from license where type <> 'HWK' order by id offset (g % 32) limit 1) l on true
      cross join lateral (select now() - (g::float8 / $1 * interval '90 days') as t,
        (interval '1 minute' * (5 + g % 400)) as d) x`,
      [sessions],
    );
    await client.query(`insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at)
      select 1, gen_random_uuid(), s.license_id,
        (array['full','full','full','limited','declined','checkout'])[1 + (s.id + k) % 6]::text, s.user_email, s.machine,
        s.version, s.started_at + k * interval '1 second'
      from session s cross join generate_series(0, 2) k
      where (select type from license where id = s.license_id) = 'MUL' or (s.id + k) % 6 < 5`);
    await client.query(`insert into activation (account_id, license_id, user_email, machine, activated_at)
      select 1, (select id from license where type <> 'HWK' order by id offset (g % 32) limit 1),
        'user' || (g % 5000) || '@example.com', 'PC-' || g, now() - interval '200 days'
      from generate_series(1, 10000) g`);
  } finally {
    await client.end();
  }
}
