import { beforeAll, describe, expect, it } from 'vitest';
import { ReportCache } from '../../jobs/report-cache.js';
import type { Account } from '../../src/db/entities/index.js';
import { addLicense, addSession } from '../helpers/fixtures.js';
import { useJobsHarness } from '../helpers/jobs-harness.js';
import { accountWithAWeek, subscribeMondays, WEEKLY_DUE } from '../helpers/weekly-fixture.js';

const PERIOD = '2026-11-30';
const ZONE = 'Europe/Berlin';

describe("a weekly report's figures, shared by every worker that posts it", () => {
  const h = useJobsHarness(WEEKLY_DUE);
  let account: Account;
  const cache = () => new ReportCache(h().config.DATABASE_URL);
  const snapshots = async () =>
    (await h().db.sql<{ period_key: string }>('select period_key from weekly_report_snapshot order by 1')).map(
      (r) => r.period_key,
    );

  beforeAll(async () => {
    account = await accountWithAWeek(h()); // one 2-hour session in the week of 23–29 November
  });

  it('are computed once when several workers ask at the same time, and all get the same', async () => {
    const workers = [cache(), cache(), cache()];
    const reports = await Promise.all(workers.map((w) => w.get(h().db.em(), account, PERIOD, ZONE, WEEKLY_DUE)));
    expect(workers.map((w) => w.computations).reduce((a, b) => a + b)).toBe(1);
    expect(reports[1]).toEqual(reports[0]);
    expect(reports[2]).toEqual(reports[0]);
    expect(reports[0]?.totals.sessions).toBe(1);
    expect(await snapshots()).toEqual([PERIOD]);
  });

  it('stay as first computed when a session of that week is reported late, for a retry or another worker', async () => {
    const late = await addLicense(h().db, account, { product: 'AGi32', type: 'SUL' });
    await addSession(h().db, account.id, late, {
      user: 'bo@example.com',
      start: '2026-11-25T08:00:00Z',
      end: '2026-11-25T09:00:00Z',
    });
    const another = cache();
    const report = await another.get(h().db.em(), account, PERIOD, ZONE, WEEKLY_DUE);
    expect([report.totals.sessions, another.computations]).toEqual([1, 0]);
  });

  it('are what every channel is posted, by two workers', async () => {
    const channels = ['C0SNAP1', 'C0SNAP2', 'C0SNAP3', 'C0SNAP4'];
    await subscribeMondays(h(), account, channels);
    const [a, b] = [await h().startWorkers(['weekly-report']), await h().startWorkers(['weekly-report'])];
    expect((await h().tick(WEEKLY_DUE, ['weekly reports']))['weekly reports']).toBe(4);
    await h().waitFor(async () => {
      const [row] = await h().db.sql<{ n: number }>(`select count(*)::int as n from delivery where status = 'sent'`);
      return row?.n === 4;
    });
    expect((a.deps.reportCache?.computations ?? 0) + (b.deps.reportCache?.computations ?? 0)).toBe(0);
    // The late AGi32 session is not in them: 1 session of 2 hours, as first computed.
    for (const c of channels) expect(h().slack.deliveryPosts(c)[0]?.text).toContain('1 session by 1 user, 2.0 hours.');
  });

  it('are not kept when computed before the week ended (a part of a week is not the week)', async () => {
    // Period 2026-12-07 covers 30 November – 6 December; asked on 2 December.
    const early = await cache().get(h().db.em(), account, '2026-12-07', ZONE, new Date('2026-12-02T12:00:00Z'));
    expect(early.countedUntil).toBe('2026-12-02T12:00:00.000Z');
    expect(await snapshots()).toEqual([PERIOD]);
  });
});
