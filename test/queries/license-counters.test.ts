import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { licenseStats } from '../../src/queries/license-stats.query.js';
import { addEvents, addLicense, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

/** The daily rollup must always equal a count over the raw events. */
describe('access_event_daily and counting across day boundaries', () => {
  const db = useTestDatabase();
  let account: Account;
  let sul: TestLicense;
  let mul: TestLicense;

  const rollup = () =>
    db().sql(
      `select license_id, to_char(day, 'YYYY-MM-DD') as day, mode, events from access_event_daily
      order by license_id, day, mode`,
    );
  const recount = () =>
    db().sql(
      `select license_id, to_char((occurred_at at time zone 'UTC')::date, 'YYYY-MM-DD') as day, mode,
        count(*)::int as events
      from access_event group by 1, 2, 3 order by 1, 2, 3`,
    );
  const counters = async (id: number) => {
    const { licenses } = await licenseStats(db().em(), account.id, {
      now: new Date('2026-11-28T00:00:00Z'),
      timeZone: 'Asia/Kolkata',
      declinedNoteThreshold: 5,
    });
    return licenses.find((l) => l.licenseId === id)!.counters;
  };

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'rollup', 'Asia/Kolkata');
    sul = await addLicense(db(), account, { product: 'ElumTools', type: 'SUL' });
    mul = await addLicense(db(), account, { product: 'Toolbox', type: 'MUL' });
  });

  it('counts a multi-row insert per license, UTC day and mode', async () => {
    await db().sql(
      `insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at)
      select $1, gen_random_uuid(), l, m, 'u@x.com', 'PC', '1', t
      from unnest($2::int[], $3::text[], $4::timestamptz[]) as v(l, m, t)`,
      [
        account.id,
        [sul.id, sul.id, sul.id, mul.id, mul.id],
        ['full', 'full', 'declined', 'checkout', 'full'],
        // 23:59:59 UTC and 00:00:00 UTC fall on different days (whatever the account's zone).
        [
          '2026-10-09T23:59:59Z',
          '2026-10-10T00:00:00Z',
          '2026-10-10T05:00:00Z',
          '2026-10-10T01:00:00Z',
          '2026-10-10T01:00:00Z',
        ],
      ],
    );
    expect(await rollup()).toEqual([
      { license_id: sul.id, day: '2026-10-09', mode: 'full', events: 1 },
      { license_id: sul.id, day: '2026-10-10', mode: 'declined', events: 1 },
      { license_id: sul.id, day: '2026-10-10', mode: 'full', events: 1 },
      { license_id: mul.id, day: '2026-10-10', mode: 'checkout', events: 1 },
      { license_id: mul.id, day: '2026-10-10', mode: 'full', events: 1 },
    ]);
  });

  it('stays equal to a recount through more inserts, updates and deletes', async () => {
    await addEvents(db(), account.id, sul, [
      { mode: 'full', at: '2026-10-10T12:00:00Z' },
      { mode: 'full', at: '2026-10-10T12:00:01Z' },
      { mode: 'limited', at: '2026-10-10T11:59:59Z' },
      { mode: 'take', at: '2026-10-10T23:59:59Z' },
      { mode: 'take_denied', at: '2026-10-11T00:00:00Z' },
      { mode: 'full', at: '2026-10-12T08:00:00Z' },
    ]);
    expect(await rollup()).toEqual(await recount());
    await db().sql(`update access_event set mode = 'limited' where license_id = $1 and mode = 'checkout'`, [mul.id]);
    await db().sql(`delete from access_event where license_id = $1 and mode = 'full'`, [mul.id]);
    expect(await rollup()).toEqual(await recount());
    expect(await rollup()).not.toContainEqual(expect.objectContaining({ license_id: mul.id, mode: 'full' }));
  });

  it('counts exactly what occurred after a reset in the middle of a UTC day', async () => {
    // All events so far on the SUL: 09th full; 10th full 00:00, declined 05:00, limited 11:59:59,
    // full 12:00:00, full 12:00:01, take 23:59:59; 11th take_denied; 12th full.
    expect(await counters(sul.id)).toEqual({ full: 5, limited: 3, declined: 2, takes: 1, takeDenied: 1, checkouts: 0 });
    const [reset] = await db().sql<{ id: number }>(
      `insert into stats_reset (account_id, scope, at, by_user) values ($1, 'ElumTools', '2026-10-10T12:00:00Z', 'a@x.com')
      returning id`,
      [account.id],
    );
    await db().sql(`insert into stats_reset_license values ($1, $2, 0, 0, 0, 0, 0, 0)`, [reset!.id, sul.id]);
    // After 12:00:00 exactly: full 12:00:01, take 23:59:59, take_denied on the 11th, full on the 12th.
    expect(await counters(sul.id)).toEqual({ full: 2, limited: 1, declined: 1, takes: 1, takeDenied: 1, checkouts: 0 });
  });
});
