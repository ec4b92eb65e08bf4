import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedAccount } from '../../src/seed/seed.service.js';
import {
  createDefaultAccount,
  createTestDatabase,
  dropTestDatabase,
  type TestDatabase,
  useTestDatabase,
} from '../helpers/test-database.js';
import { seedDump } from './seed-dump.js';

const END = Date.UTC(2026, 2, 2);
const ZONE = 'America/New_York';

describe('seed is deterministic', () => {
  const db = useTestDatabase();
  let second: TestDatabase;
  let first: Record<string, string>;

  beforeAll(async () => {
    second = await createTestDatabase();
    await createDefaultAccount(db(), 'default', ZONE);
    await createDefaultAccount(second, 'default', ZONE);
  });
  afterAll(async () => {
    if (second) await dropTestDatabase(second);
  });

  it('writes byte-identical rows for the same seed and end into two fresh databases', async () => {
    await seedAccount(db().config, { scale: 'small', seed: 7, endMs: END, account: 'default' });
    await seedAccount(second.config, { scale: 'small', seed: 7, endMs: END, account: 'default' });
    first = await seedDump(db(), 'default');
    expect(await seedDump(second, 'default')).toEqual(first);
    // Identical because full, not because empty.
    const [counts] = await db().sql<{ sessions: number; events: number }>(
      'select (select count(*)::int from session) as sessions, (select count(*)::int from access_event) as events',
    );
    expect(counts!.sessions).toBeGreaterThan(5000);
    expect(counts!.events).toBeGreaterThan(counts!.sessions);
  });

  it('writes different rows for another seed', async () => {
    await createDefaultAccount(db(), 'other', ZONE);
    await seedAccount(db().config, { scale: 'small', seed: 8, endMs: END, account: 'other' });
    const other = await seedDump(db(), 'other');
    for (const table of Object.keys(first)) expect(other[table], table).not.toBe(first[table]);
  });

  it('anchors everything on --end: no row after it, all sessions inside the 90 days before it', async () => {
    const [row] = await db().sql<{ first: Date; last: Date; events: Date }>(
      `select min(started_at) as first, max(started_at) as last,
              (select max(occurred_at) from access_event) as events
         from session`,
    );
    expect(row!.first.getTime()).toBeGreaterThanOrEqual(END - 90 * 86_400_000);
    expect(row!.last.getTime()).toBeLessThan(END);
    expect(row!.events.getTime()).toBeLessThan(END);
  });
});
