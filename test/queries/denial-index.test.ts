import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { frequentDenials } from '../../src/queries/denials.query.js';
import { addEvents, addLicense, eventsOf, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

// The window is this test's own, not today's: the plan and the counts do not depend on the date.
const from = new Date('2026-11-01T00:00:00Z');
const to = new Date('2026-11-08T00:00:00Z');

/** Every index an EXPLAIN (FORMAT JSON) plan reads, and the rows its filters threw away. */
function planScans(plan: Record<string, unknown>): { indexes: string[]; removedByFilter: number } {
  const indexes: string[] = [];
  let removedByFilter = 0;
  const walk = (node: Record<string, unknown>) => {
    if (typeof node['Index Name'] === 'string') indexes.push(node['Index Name']);
    removedByFilter += Number(node['Rows Removed by Filter'] ?? 0);
    for (const child of (node.Plans as Record<string, unknown>[] | undefined) ?? []) walk(child);
  };
  walk(plan);
  return { indexes, removedByFilter };
}

describe('denials in a window read only the denied events', () => {
  const db = useTestDatabase();
  let account: Account;
  let pool: TestLicense;

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'denial-index', 'UTC');
    pool = await addLicense(db(), account, { product: 'Toolbox', type: 'MUL', seats: 2 });
    // 1,500 granted starts over the window and 4 denials of two people: the denial queries
    // must not have to read the 1,500 to count the 4.
    await db().sql(
      `insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at)
       select $1, gen_random_uuid(), $2, 'full', 'user' || (g % 40) || '@x.com', 'PC', '1.0',
              $3::timestamptz + g * interval '6 minutes'
       from generate_series(1, 1500) g`,
      [account.id, pool.id, from],
    );
    await addEvents(db(), account.id, pool, [
      ...eventsOf('declined', 3, '2026-11-03T09:00:00Z', 'ann@x.com'),
      ...eventsOf('declined', 1, '2026-11-03T09:30:00Z', 'bob@x.com'),
    ]);
    await db().sql('analyze access_event');
  });

  it('counts them as before: 4 denials of 2 people, at most 2 in one hour', async () => {
    const [flag] = await frequentDenials(db().em(), account.id, { from, to }, 4, 'UTC');
    expect(flag).toMatchObject({ licenseId: pool.id, declined: 4, deniedUsers: 2, peakDeniedUsers: 2 });
  });

  it('through the partial index of denied events, filtering out no granted event', async () => {
    const [row] = await db().sql<{ 'QUERY PLAN': [{ Plan: Record<string, unknown> }] }>(
      `explain (analyze, format json)
       select count(*) from access_event e
       where e.license_id = $1 and e.mode in ('declined', 'take_denied') and e.occurred_at >= $2 and e.occurred_at < $3`,
      [pool.id, from, to],
    );
    const scans = planScans(row!['QUERY PLAN'][0].Plan);
    expect(scans.indexes).toEqual(['access_event_denial_idx']);
    expect(scans.removedByFilter).toBe(0);
  });
});
