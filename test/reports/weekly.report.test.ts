import type { Readable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../src/core/reply.js';
import { Account } from '../../src/db/entities/index.js';
import { messageBlocks, renderSlackMessage } from '../../src/platforms/slack/blocks.js';
import { sessionHistoryCondensed } from '../../src/queries/session-history.query.js';
import { topUsersBySeconds } from '../../src/queries/weekly-usage.query.js';
import { computeWeeklyReport, type WeeklyReport, weeklyReportReply } from '../../src/reports/weekly.report.js';
import { addActivation, addEvents, addLicense, addSession, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const ZONE = 'Europe/Berlin';
// Monday 09:00 in Berlin (CET, +01:00): the post of the week Monday 23 – Sunday 29 November.
const PERIOD = '2026-11-30';
const now = new Date('2026-11-30T08:00:00Z');
// Berlin midnights: the week is [2026-11-22T23:00Z, 2026-11-29T23:00Z), the one before starts 2026-11-15T23:00Z.
const WEEK = {
  fromDate: '2026-11-23',
  toDate: '2026-11-29',
  from: '2026-11-22T23:00:00.000Z',
  to: '2026-11-29T23:00:00.000Z',
};
const PREVIOUS = {
  fromDate: '2026-11-16',
  toDate: '2026-11-22',
  from: '2026-11-15T23:00:00.000Z',
  to: '2026-11-22T23:00:00.000Z',
};

async function bytes(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

describe('weekly report', () => {
  const db = useTestDatabase();
  let account: Account;
  let quiet: Account;
  const l: Record<string, TestLicense> = {};
  let report: WeeklyReport;

  beforeAll(async () => {
    // The account's own zone is Kolkata: the week must follow the subscription's zone instead.
    const created = await createDefaultAccount(db(), 'weekly', 'Asia/Kolkata');
    await db().sql('update account set denial_threshold = 3 where id = $1', [created.id]);
    account = await db().em().findOneOrFail(Account, { id: created.id });
    const add = (key: string, input: Parameters<typeof addLicense>[2]) =>
      addLicense(db(), account, input).then((license) => {
        l[key] = license;
      });
    await add('elum', { product: 'ElumTools', type: 'MUL', seats: 3, expiresAt: '2026-12-30' }); // 30 days left
    await add('agi', { product: 'AGi32', type: 'MUL', seats: 5, expiresAt: '2026-12-31' }); // 31: no warning
    await add('licaso', { product: 'Licaso', type: 'SUL', expiresAt: '2026-12-05' });
    await add('ppt', { product: 'Photometric Power Tools', type: 'SUL', expiresAt: '2026-11-20' }); // expired
    await add('hwk', { product: 'Toolbox', type: 'HWK', expiresAt: '2026-12-01' });
    const session = (key: string, user: string, start: string, end: string | null, version?: string) =>
      addSession(db(), account.id, l[key]!, {
        user,
        start,
        end,
        version: version ?? (key === 'elum' ? '2025.1' : '1.0'),
      });

    // ElumTools, this week: 2 h + 2 h + 1.5 h + 3 h = 30,600 s in 4 sessions.
    await session('elum', 'ann@x.com', '2026-11-23T08:00:00Z', '2026-11-23T10:00:00Z', '2024.1');
    // 23:30 on the last Sunday in Berlin (22:30 UTC, still Sunday): in the week; ends after it, counts in full.
    await session('elum', 'ann@x.com', '2026-11-29T22:30:00Z', '2026-11-30T00:30:00Z', '2024.1');
    // 00:30 on Monday 23 in Berlin, though UTC still says Sunday 22: in the week.
    await session('elum', 'bob@x.com', '2026-11-22T23:30:00Z', '2026-11-23T01:00:00Z');
    // Still active: counts up to the week's end (3 h), not up to now (12 h).
    await session('elum', 'cy@x.com', '2026-11-29T20:00:00Z', null);
    // dan was deactivated during the week and holds no other activation: left out of this week.
    await session('elum', 'dan@x.com', '2026-11-24T10:00:00Z', '2026-11-24T12:00:00Z');
    // 00:30 on Monday 30 in Berlin (UTC: Sunday 23:30): after the week. Its newer version must not count either.
    await session('elum', 'ann@x.com', '2026-11-29T23:30:00Z', '2026-11-30T01:00:00Z', '2025.2');
    // 23:30 on Sunday 22 in Berlin: started before the week, so it is last week's although it runs into this one.
    await session('elum', 'eve@x.com', '2026-11-22T22:30:00Z', '2026-11-23T02:00:00Z');
    // ElumTools, the week before: 3.5 h (eve) + 1 h + 4 h + 3 h + 1 h = 45,000 s in 5 sessions.
    await session('elum', 'bob@x.com', '2026-11-15T23:00:00Z', '2026-11-16T00:00:00Z'); // its first instant
    await session('elum', 'ann@x.com', '2026-11-16T08:00:00Z', '2026-11-16T12:00:00Z');
    await session('elum', 'kim@x.com', '2026-11-22T20:00:00Z', null); // active: 3 h up to that week's end
    await session('elum', 'dan@x.com', '2026-11-17T10:00:00Z', '2026-11-17T11:00:00Z'); // counts: not deactivated then
    // AGi32, this week only: 45 min + 1:00:30 + 10 min + 10 min = 7,530 s.
    await session('agi', 'ann@x.com', '2026-11-25T09:00:00Z', '2026-11-25T09:45:00Z');
    await session('agi', 'fay@x.com', '2026-11-26T12:00:00Z', '2026-11-26T13:00:30Z');
    await session('agi', 'jo@x.com', '2026-11-27T11:00:00Z', '2026-11-27T11:10:00Z');
    await session('agi', 'ida@x.com', '2026-11-27T10:00:00Z', '2026-11-27T10:10:00Z');
    // Licaso, the week before only: 1 h.
    await session('licaso', 'hal@x.com', '2026-11-18T10:00:00Z', '2026-11-18T11:00:00Z');
    // A hardware key has no session history.
    await session('hwk', 'gus@x.com', '2026-11-24T09:00:00Z', '2026-11-24T17:00:00Z');

    await addActivation(db(), account.id, l.elum!, {
      user: 'dan@x.com',
      at: '2026-01-01T00:00:00Z',
      deactivatedAt: '2026-11-26T00:00:00Z',
    });
    for (const n of [1, 2, 3, 4]) {
      await addActivation(db(), account.id, l.elum!, {
        user: `zed${n}@x.com`,
        at: '2026-01-01T00:00:00Z',
        machine: `ZED${n}-PC`,
      });
    }
    // ElumTools: 4 declined in the week (threshold 3), one a minute before it.
    await addEvents(db(), account.id, l.elum!, [
      { mode: 'declined', at: '2026-11-22T22:59:00Z', user: 'u1@x.com' },
      { mode: 'declined', at: '2026-11-27T10:00:00Z', user: 'u1@x.com' },
      { mode: 'declined', at: '2026-11-27T10:10:00Z', user: 'u2@x.com' },
      { mode: 'declined', at: '2026-11-27T10:20:00Z', user: 'u1@x.com' },
      { mode: 'declined', at: '2026-11-28T09:00:00Z', user: 'u1@x.com' },
    ]);
    // AGi32: 2 in the week, 5 more after it: not frequent as of the week's end.
    await addEvents(db(), account.id, l.agi!, [
      { mode: 'declined', at: '2026-11-24T10:00:00Z' },
      { mode: 'declined', at: '2026-11-24T11:00:00Z' },
      ...[1, 2, 3, 4, 5].map((m) => ({ mode: 'declined' as const, at: `2026-11-30T0${m}:00:00Z` })),
    ]);

    // Another account: nothing of it may show in the first one, and its week is empty.
    quiet = await createDefaultAccount(db(), 'quiet', 'UTC');
    const quietElum = await addLicense(db(), quiet, { product: 'ElumTools', type: 'SUL' });
    l.quietLicaso = await addLicense(db(), quiet, { product: 'Licaso', type: 'SUL', expiresAt: '2026-11-01' });
    const quietHwk = await addLicense(db(), quiet, { product: 'Toolbox', type: 'HWK' });
    await addSession(db(), quiet.id, quietElum, {
      user: 'q@y.com',
      start: '2026-11-20T10:00:00Z',
      end: '2026-11-20T12:00:00Z',
    });
    await addSession(db(), quiet.id, quietHwk, {
      user: 'q@y.com',
      start: '2026-11-25T10:00:00Z',
      end: '2026-11-25T12:00:00Z',
    });
    await addActivation(db(), quiet.id, quietElum, { user: 'old@y.com', at: '2026-01-01T00:00:00Z' });

    report = await computeWeeklyReport(db().em(), account, { periodKey: PERIOD, zone: ZONE, now });
  });

  it('covers the 7 Berlin days before the posting date, and the week before', () => {
    expect([report.week, report.previous, report.countedUntil]).toEqual([WEEK, PREVIOUS, WEEK.to]);
  });

  it('sums sessions and hours per product in catalogue order, with users and the change', () => {
    expect(report.products).toEqual([
      {
        productName: 'AGi32',
        sessions: 4,
        activeSessions: 0,
        users: 4,
        seconds: 7530,
        previousSessions: 0,
        previousSeconds: 0,
      },
      {
        productName: 'ElumTools',
        sessions: 4,
        activeSessions: 1,
        users: 3,
        seconds: 30600,
        previousSessions: 5,
        previousSeconds: 45000,
      },
      {
        productName: 'Licaso',
        sessions: 0,
        activeSessions: 0,
        users: 0,
        seconds: 0,
        previousSessions: 1,
        previousSeconds: 3600,
      },
    ]);
    expect(report.totals).toEqual({
      sessions: 8,
      seconds: 38130,
      users: 6,
      previousSessions: 6,
      previousSeconds: 48600,
    });
  });

  it('ranks the top 5 users by hours (ties: sessions, then email)', () => {
    expect(report.topUsers).toEqual([
      { userEmail: 'ann@x.com', products: ['AGi32', 'ElumTools'], sessions: 3, seconds: 17100 },
      { userEmail: 'cy@x.com', products: ['ElumTools'], sessions: 1, seconds: 10800 },
      { userEmail: 'bob@x.com', products: ['ElumTools'], sessions: 1, seconds: 5400 },
      { userEmail: 'fay@x.com', products: ['AGi32'], sessions: 1, seconds: 3630 },
      { userEmail: 'ida@x.com', products: ['AGi32'], sessions: 1, seconds: 600 },
    ]);
  });

  it('agrees with the condensed view of the same windows, per product and per user', async () => {
    const condensedOf = (span: typeof WEEK) =>
      sessionHistoryCondensed(db().em(), account.id, {
        window: { ...span, from: new Date(span.from), to: new Date(span.to), endsNow: false },
        now: new Date(span.to),
      });
    const byProduct = (rows: Awaited<ReturnType<typeof condensedOf>>) => {
      const sums = new Map<string, [number, number]>();
      for (const r of rows) {
        const [n, s] = sums.get(r.productName) ?? [0, 0];
        sums.set(r.productName, [n + r.sessions, s + r.durationSeconds]);
      }
      return sums;
    };
    const week = await condensedOf(WEEK);
    expect(report.condensed).toEqual(week);
    const current = byProduct(week);
    const before = byProduct(await condensedOf(PREVIOUS));
    for (const p of report.products) {
      expect([p.sessions, p.seconds]).toEqual(current.get(p.productName) ?? [0, 0]);
      expect([p.previousSessions, p.previousSeconds]).toEqual(before.get(p.productName) ?? [0, 0]);
    }
    expect(
      [...current.keys(), ...before.keys()].every((name) => report.products.some((p) => p.productName === name)),
    ).toBe(true);

    const all = await topUsersBySeconds(
      db().em(),
      account.id,
      { window: { ...WEEK, from: new Date(WEEK.from), to: new Date(WEEK.to), endsNow: false }, now: new Date(WEEK.to) },
      100,
    );
    const perUser = new Map<string, number>();
    for (const r of week) perUser.set(r.userEmail, (perUser.get(r.userEmail) ?? 0) + r.durationSeconds);
    expect(all.rows.map((u) => [u.userEmail, u.seconds])).toEqual([
      ['ann@x.com', 17100],
      ['cy@x.com', 10800],
      ['bob@x.com', 5400],
      ['fay@x.com', 3630],
      ['ida@x.com', 600],
      ['jo@x.com', 600],
    ]);
    expect(new Map(all.rows.map((u) => [u.userEmail, u.seconds]))).toEqual(perUser);
    expect(all.totalUsers).toBe(6);
  });

  it('evaluates the flags at the end of the week with the account thresholds', () => {
    const { flags } = report;
    expect(flags.asOf).toBe(WEEK.to);
    expect(flags.thresholds).toEqual({ idleSeatDays: 30, poolWindowDays: 28, denialThreshold: 3, denialWindowDays: 7 });
    expect(flags.sections.map((s) => [s.kind, s.count, s.table.rows.length])).toEqual([
      ['idle_seat', 4, 3],
      ['underused_pool', 1, 1],
      ['frequent_denials', 1, 1],
      ['outdated_version', 1, 1],
    ]);
    expect(flags.denials).toEqual([
      {
        productName: 'ElumTools',
        codeLabel: `${l.elum!.acPrefix}…`,
        licenseType: 'MUL',
        seats: 3,
        declined: 4,
        suggestedExtraSeats: 2,
      },
    ]);
  });

  it('lists licenses expiring within 30 days of the posting date, then expired ones', () => {
    expect(report.licenses.map((x) => [x.productName, x.codeLabel, x.type, x.status])).toEqual([
      ['Toolbox', `${l.hwk!.acPrefix}…`, 'HWK', { text: 'Expires 2026-12-01', state: 'expiring', daysLeft: 1 }],
      ['Licaso', `${l.licaso!.acPrefix}…`, 'SUL', { text: 'Expires 2026-12-05', state: 'expiring', daysLeft: 5 }],
      ['ElumTools', `${l.elum!.acPrefix}…`, 'MUL', { text: 'Expires 2026-12-30', state: 'expiring', daysLeft: 30 }],
      [
        'Photometric Power Tools',
        `${l.ppt!.acPrefix}…`,
        'SUL',
        { text: 'Expired 2026-11-20', state: 'expired', daysLeft: -10 },
      ],
    ]);
  });

  it('says the same when posted a day late, and is plain JSON', async () => {
    const late = await computeWeeklyReport(db().em(), account, {
      periodKey: PERIOD,
      zone: ZONE,
      now: new Date('2026-12-01T10:00:00Z'),
    });
    expect(late).toEqual(report);
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it('counts active sessions only up to now when computed before the week ends', async () => {
    const early = await computeWeeklyReport(db().em(), account, {
      periodKey: PERIOD,
      zone: ZONE,
      now: new Date('2026-11-29T21:00:00Z'),
    });
    expect(early.countedUntil).toBe('2026-11-29T21:00:00.000Z');
    // cy's session has run 1 h by then; last week's active session is capped at its own end.
    const elum = early.products.find((p) => p.productName === 'ElumTools');
    expect([elum?.seconds, elum?.previousSeconds]).toEqual([30600 - 3 * 3600 + 3600, 45000]);
    expect(weeklyReportReply(early).tables[0]?.notes).toContain(
      '1 session still active, counted up to 2026-11-29 22:00.',
    );
  });

  it('composes one public message: summary, tables, warnings and the CSV', async () => {
    const reply: Reply = weeklyReportReply(report);
    const ac = (key: string) => `${l[key]!.acPrefix}…`;
    expect(reply.title).toBe('Weekly license report · 2026-11-23 – 2026-11-29 (Europe/Berlin)');
    expect(reply.text).toBe(
      '8 sessions by 6 users, 10.6 hours. The week before: 6 sessions, 13.5 hours (+2 sessions, −22% hours).',
    );
    expect(reply.visibility).toBe('public');
    const tables = reply.tables ?? [];
    expect(tables.map((t) => t.title)).toEqual([
      'Usage by product',
      'Top users by hours',
      'Flags as of 2026-11-30 00:00 (Europe/Berlin)',
      'Idle seats: no session in the last 30 days (4)',
      'Under-used MUL pools: peak below seats over 28 days (1)',
      'Frequent denials: 3+ declined in 7 days (1)',
      'Outdated versions (1)',
      'Licenses expiring within 30 days or expired (4)',
    ]);
    const [usage, top, flags, idle, pools, denials, outdated, licenses] = tables;
    expect(usage?.columns.map((c) => c.align ?? 'left')).toEqual(['left', 'right', 'right', 'right', 'right', 'right']);
    expect(usage?.rows).toEqual([
      ['AGi32', '4', 'new', '2.1', 'new', '4'],
      ['ElumTools', '4', '−1', '8.5', '−32%', '3'],
      ['Licaso', '0', '−1', '0.0', '−100%', '0'],
      ['Total', '8', '+2', '10.6', '−22%', '6'],
    ]);
    expect(usage?.notes).toEqual([
      'Sessions that started in the week; change against 2026-11-16 – 2026-11-22.',
      '1 session still active, counted up to the end of the week.',
      'Left out: hardware keys (HWK), which report no sessions, and users deactivated during the week.',
    ]);
    expect(top?.columns.map((c) => c.align ?? 'left')).toEqual(['right', 'left', 'left', 'right', 'right']);
    expect(top?.rows).toEqual([
      ['1', 'ann@x.com', 'AGi32, ElumTools', '3', '4.8'],
      ['2', 'cy@x.com', 'ElumTools', '1', '3.0'],
      ['3', 'bob@x.com', 'ElumTools', '1', '1.5'],
      ['4', 'fay@x.com', 'AGi32', '1', '1.0'],
      ['5', 'ida@x.com', 'AGi32', '1', '0.2'],
    ]);
    expect(top?.notes).toEqual(['1 more user in the attached CSV.']);
    expect(flags?.rows).toEqual([
      ['Idle seats (no session in 30 days)', '4'],
      ['Under-used MUL pools (peak below seats over 28 days)', '1'],
      ['Frequent denials (3+ declined in 7 days)', '1'],
      ['Outdated versions (older than the newest version seen)', '1'],
    ]);
    expect(idle?.rows).toEqual(
      [1, 2, 3].map((n) => ['ElumTools', ac('elum'), `zed${n}@x.com`, `ZED${n}-PC`, '2026-01-01', 'never']),
    );
    expect(idle?.notes).toEqual(['1 more: see /licstats flags.']);
    // 7,530 s of 5 seats × 28 days; the first session at 10:00 Berlin is the peak of 1.
    expect(pools?.rows).toEqual([['AGi32', ac('agi'), '5', '1', '2026-11-25 10:00', '2.1', '3360.0', '0.1%']]);
    // u1 and u2 were both denied within 11:00–12:00 Berlin: 2 extra seats.
    expect(denials?.rows).toEqual([['ElumTools', ac('elum'), 'MUL', '3', '4', '2', '2']]);
    expect(outdated?.rows).toEqual([['ElumTools', 'ann@x.com', '2024.1', '2025.1', '2026-11-29 23:30']]);
    expect(licenses?.rows).toEqual([
      ['Toolbox', ac('hwk'), 'HWK', 'Expires 2026-12-01', '1'],
      ['Licaso', ac('licaso'), 'SUL', 'Expires 2026-12-05', '5'],
      ['ElumTools', ac('elum'), 'MUL', 'Expires 2026-12-30', '30'],
      ['Photometric Power Tools', ac('ppt'), 'SUL', 'Expired 2026-11-20', '−10'],
    ]);
    expect(reply.notes).toEqual([
      {
        level: 'warning',
        text: `3 licenses expire within 30 days. Soonest: Toolbox HWK ${ac('hwk')} expires in 1 day (2026-12-01). Renew in time to keep people working.`,
      },
      { level: 'warning', text: `Photometric Power Tools SUL ${ac('ppt')} expired on 2026-11-20.` },
      {
        level: 'warning',
        text: `ElumTools MUL ${ac('elum')} (3 seats) was declined 4 times in 7 days: more licenses may be needed (about 2 more seats).`,
      },
    ]);

    // The CSV, then a chart for each of the busiest pools (peak against seats).
    expect(reply.files?.map((f) => f.name)).toEqual([
      'weekly-report-2026-11-23_2026-11-29.csv',
      ...(report.pools ?? []).map((_, i) => `weekly-pool-${i + 1}-2026-11-23_2026-11-29.png`),
    ]);
    expect(report.pools?.length).toBeGreaterThan(0);
    const csv = await bytes(reply.files![0]!.open());
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(csv.toString('utf8')).toBe(
      '\uFEFFEmail,Program,Sessions,Active Sessions,Duration,Duration Seconds\n' +
        'ann@x.com,AGi32,1,0,0:45:00,2700\n' +
        'ann@x.com,ElumTools,2,0,4:00:00,14400\n' +
        'bob@x.com,ElumTools,1,0,1:30:00,5400\n' +
        'cy@x.com,ElumTools,1,1,3:00:00,10800\n' +
        'fay@x.com,AGi32,1,0,1:00:30,3630\n' +
        'ida@x.com,AGi32,1,0,0:10:00,600\n' +
        'jo@x.com,AGi32,1,0,0:10:00,600\n',
    );
    // A worker may render it from the JSON it stored: the same message.
    const copy = weeklyReportReply(JSON.parse(JSON.stringify(report)) as WeeklyReport);
    expect(renderSlackMessage(copy)).toEqual(renderSlackMessage(reply));
  });

  it('renders within Slack limits', () => {
    const message = renderSlackMessage(weeklyReportReply(report));
    expect(message.response_type).toBe('in_channel');
    expectWithinSlackLimits(messageBlocks(message));
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: {
        type: 'plain_text',
        text: 'Weekly license report · 2026-11-23 – 2026-11-29 (Europe/Berlin)',
        emoji: true,
      },
    });
  });

  /**
   * Hours at each number of seats in use over the Berlin week (22nd 23:00Z – 29th 23:00Z).
   * AGi32 (5 seats): four sessions that never overlap, 45 min + 1 h 30 s + 10 + 10 min =
   * 2.09 h at 1 seat, the other 165.91 h at none. ElumTools (3 seats): kim's session runs
   * all week; eve and bob beside it make 3 from 23:30 to 01:00 (1.5 h) and ann and cy 3 from
   * 22:30 to 23:00 on the 29th (0.5 h); 2 in use for 0.5 + 1 + 2 + 2 + 2.5 = 8 h; 1 for the
   * remaining 158 h.
   */
  it('has Slack draw the hours at each number of seats in use of every charted pool, beside its PNG', () => {
    const ac = (key: string) => `${l[key]!.acPrefix}…`;
    const message = renderSlackMessage(weeklyReportReply(report));
    const charts = messageBlocks(message).filter((b) => b.type === 'data_visualization');
    const drawn = charts.map((b) => {
      const chart = b.chart as { type: string; series: { data: { label: string; value: number }[] }[] };
      return [b.title, chart.type, chart.series[0]!.data.map((d) => `${d.label}:${d.value}`).join(' ')];
    });
    expect(drawn).toEqual(
      expect.arrayContaining([
        [`AGi32 MUL ${ac('agi')}: hours at each seat count`, 'bar', '0:165.9 1:2.1 2:0 3:0 4:0 5:0'],
        [`ElumTools MUL ${ac('elum')}: hours at each seat count`, 'bar', '0:0 1:158 2:8 3:2'],
      ]),
    );
    expect(drawn).toHaveLength(report.pools!.length);
    // The step line is only in the picture: every pool's PNG is still uploaded.
    const pngs = weeklyReportReply(report).files.filter((f) => f.name.endsWith('.png'));
    expect(pngs).toHaveLength(report.pools!.length);
  });

  it('posts a short message for a week without sessions, with the expiry warnings and no CSV', async () => {
    const empty = await computeWeeklyReport(db().em(), quiet, { periodKey: PERIOD, zone: ZONE, now });
    expect(empty.products.map((p) => [p.productName, p.sessions, p.previousSessions])).toEqual([['ElumTools', 0, 1]]);
    expect(empty.condensed).toEqual([]);
    const reply = weeklyReportReply(empty);
    expect(reply).toEqual({
      title: 'Weekly license report · 2026-11-23 – 2026-11-29 (Europe/Berlin)',
      text:
        'No sessions between 2026-11-23 and 2026-11-29 (Europe/Berlin).\n' +
        'The week before: 1 session, 2.0 hours.\n' +
        'Flags as of 2026-11-30 00:00 (Europe/Berlin): 1 idle seat. /licstats flags lists them.',
      tables: [
        {
          title: 'Licenses expiring within 30 days or expired (1)',
          columns: [
            { header: 'Product' },
            { header: 'AC' },
            { header: 'Type' },
            { header: 'Status' },
            { header: 'Days left', align: 'right' },
          ],
          rows: [['Licaso', `${l.quietLicaso!.acPrefix}…`, 'SUL', 'Expired 2026-11-01', '−29']],
          notes: ['Days from 2026-11-30.'],
        },
      ],
      notes: [{ level: 'warning', text: `Licaso SUL ${l.quietLicaso!.acPrefix}… expired on 2026-11-01.` }],
      files: [],
      charts: [],
      visibility: 'public',
    });
    expectWithinSlackLimits(messageBlocks(renderSlackMessage(reply)));
  });

  it('stays within Slack limits with long names and many rows', () => {
    const long = (n: number) => `${'x'.repeat(n)}@example.com`;
    const row = (cells: number) => Array.from({ length: cells }, (_, i) => `${long(200)}-${i}`);
    const big: WeeklyReport = {
      ...report,
      products: Array.from({ length: 40 }, (_, i) => ({
        ...report.products[0]!,
        productName: `Product ${i} ${'y'.repeat(150)}`,
      })),
      topUsers: Array.from({ length: 5 }, (_, i) => ({
        userEmail: long(240 + i),
        products: Array.from({ length: 40 }, (_, j) => `Product ${j}`),
        sessions: 99999,
        seconds: 1e9,
      })),
      flags: {
        ...report.flags,
        sections: report.flags.sections.map((s) => ({
          ...s,
          count: 5000,
          table: { ...s.table, rows: [row(6), row(6), row(6)] },
        })),
        denials: Array.from({ length: 50 }, () => report.flags.denials[0]!),
      },
      licenses: Array.from({ length: 2000 }, () => report.licenses[0]!),
    };
    const reply = weeklyReportReply(big);
    // Long lists are cut in the message itself, pointing to the command that has them all.
    const licenses = reply.tables.at(-1)!;
    expect([licenses.rows.length, licenses.notes]).toEqual([
      10,
      ['Days from 2026-11-30.', '1990 more: see /licstats.'],
    ]);
    const denial = `ElumTools MUL ${l.elum!.acPrefix}… (3 seats) was declined 4 times in 7 days: more licenses may be needed (about 2 more seats).`;
    expect(reply.notes.map((n) => n.text)).toEqual([
      `2,000 licenses expire within 30 days. Soonest: Toolbox HWK ${l.hwk!.acPrefix}… expires in 1 day (2026-12-01). Renew in time to keep people working.`,
      denial,
      denial,
      denial,
      '47 more licenses with frequent denials: see /licstats flags.',
    ]);
    const message = renderSlackMessage(reply);
    expectWithinSlackLimits(messageBlocks(message));
    expect(JSON.stringify(message.blocks)).not.toContain('Message shortened');
    expect(message.text.length).toBeLessThanOrEqual(3000);
  });
});

function expectWithinSlackLimits(blocks: Record<string, unknown>[]) {
  expect(blocks.length).toBeLessThanOrEqual(50);
  for (const block of blocks) {
    const text = (block.text as { text?: string } | undefined)?.text ?? '';
    if (block.type === 'header') expect(text.length).toBeLessThanOrEqual(150);
    if (block.type === 'section') expect(text.length).toBeLessThanOrEqual(3000);
    if (block.type === 'context') {
      const elements = block.elements as { text: string }[];
      expect(elements.length).toBeLessThanOrEqual(10);
      for (const e of elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
  }
}
