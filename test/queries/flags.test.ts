import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { DEFAULT_THRESHOLDS } from '../../src/domain/flags.js';
import { computeFlags, type FlagsResult } from '../../src/queries/flags.query.js';
import { addActivation, addEvents, addLicense, addSession, eventsOf, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const now = new Date('2026-11-28T12:00:00Z');
const at = (iso: string) => new Date(iso);
const HOUR = 3600;

describe('flags', () => {
  const db = useTestDatabase();
  let account: Account;
  let elum: TestLicense;
  let toolbox: TestLicense;
  let agi: TestLicense;
  let licaso: TestLicense;
  let empty: TestLicense;
  let flags: FlagsResult;

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'flags', 'Asia/Kolkata');
    const a = account.id;
    elum = await addLicense(db(), account, { product: 'ElumTools', type: 'MUL', seats: 3 });
    toolbox = await addLicense(db(), account, { product: 'Toolbox', type: 'MUL', seats: 2 });
    agi = await addLicense(db(), account, { product: 'AGi32', type: 'MUL', seats: 2 });
    empty = await addLicense(db(), account, { product: 'Photometric Power Tools', type: 'MUL', seats: 4 });
    licaso = await addLicense(db(), account, { product: 'Licaso', type: 'SUL' });
    const hwk = await addLicense(db(), account, { product: 'Toolbox', type: 'HWK' });
    const session = (l: TestLicense, user: string, start: string, end: string | null, version = '1.0') =>
      addSession(db(), a, l, { user, start, end, version });

    // ElumTools pool, 3 seats. s1 and s2 touch (no overlap); s3 overlaps both: peak 2 from 11:00.
    await session(elum, 'ann@x.com', '2026-11-10T10:00:00Z', '2026-11-10T12:00:00Z', '24.1');
    await session(elum, 'bob@x.com', '2026-11-10T12:00:00Z', '2026-11-10T13:00:00Z', '24.10');
    await session(elum, 'cy@x.com', '2026-11-10T11:00:00Z', '2026-11-10T12:30:00Z', '24.9');
    // Starts before the 28-day window (from 2026-10-31T12:00Z): only its last hour counts.
    await session(elum, 'dan@x.com', '2026-10-30T12:00:00Z', '2026-10-31T13:00:00Z', '24.10.0');
    // Still open: counts up to now, 2 hours.
    await session(elum, 'eve@x.com', '2026-11-28T10:00:00Z', null, '24.2');
    // Outside the pool window, inside the 3-month version window.
    await session(elum, 'gil@x.com', '2026-10-20T08:00:00Z', '2026-10-20T09:00:00Z', '23.5');
    await session(elum, 'ann@x.com', '2026-10-01T08:00:00Z', '2026-10-01T09:00:00Z', '24.10');
    // Before the version window: its newer version does not count.
    await session(elum, 'bob@x.com', '2026-05-01T08:00:00Z', '2026-05-01T09:00:00Z', '99.0');
    // Toolbox: fox has been open since October, plus two overlapping: peak 3 ≥ 2 seats.
    await session(toolbox, 'fox@x.com', '2026-10-01T00:00:00Z', null);
    await session(toolbox, 'ann@x.com', '2026-11-11T09:00:00Z', '2026-11-11T10:00:00Z');
    await session(toolbox, 'bob@x.com', '2026-11-11T09:30:00Z', '2026-11-11T11:00:00Z');
    // AGi32: two sessions touching end to start: peak 1 < 2.
    await session(agi, 'ann@x.com', '2026-11-12T09:00:00Z', '2026-11-12T10:00:00Z');
    await session(agi, 'bob@x.com', '2026-11-12T10:00:00Z', '2026-11-12T11:00:00Z');

    const activation = (l: TestLicense, user: string, when = '2026-01-01T00:00:00Z', deactivatedAt?: string) =>
      addActivation(db(), a, l, { user, at: when, deactivatedAt, machine: `${user.split('@')[0]}-PC` });
    await activation(elum, 'ann@x.com');
    await activation(elum, 'dan@x.com'); // last session ended inside the 30 days
    await activation(elum, 'eve@x.com'); // open session
    await activation(elum, 'gil@x.com'); // last session on 2026-10-20: idle
    await activation(elum, 'hal@x.com', '2026-11-20T00:00:00Z'); // activated 8 days ago: not idle yet
    await activation(elum, 'ivy@x.com'); // never used: idle
    await activation(elum, 'jon@x.com', '2026-01-01T00:00:00Z', '2026-06-01T00:00:00Z'); // deactivated
    await activation(toolbox, 'fox@x.com'); // session open since October
    await activation(hwk, 'kim@x.com'); // HWK: no usage data, never idle

    // Licaso SUL: 4 declined + 2 take denied in the 7 days (from 2026-11-21T12:00Z), 3 before.
    await addEvents(db(), a, licaso, [
      ...eventsOf('declined', 3, '2026-11-20T00:00:00Z', 'u1@x.com'),
      { mode: 'declined', at: '2026-11-25T10:05:00Z', user: 'u1@x.com' },
      { mode: 'declined', at: '2026-11-25T10:20:00Z', user: 'u2@x.com' },
      { mode: 'declined', at: '2026-11-25T10:50:00Z', user: 'u3@x.com' },
      { mode: 'declined', at: '2026-11-26T09:00:00Z', user: 'u1@x.com' },
      { mode: 'take_denied', at: '2026-11-26T09:10:00Z', user: 'u1@x.com' },
      { mode: 'take_denied', at: '2026-11-26T09:20:00Z', user: 'u1@x.com' },
      { mode: 'full', at: '2026-11-26T09:30:00Z', user: 'u4@x.com' },
    ]);
    // ElumTools: 4 declined in the window (one on its first instant), one a second before it.
    await addEvents(db(), a, elum, [
      { mode: 'declined', at: '2026-11-21T11:59:59Z' },
      { mode: 'declined', at: '2026-11-21T12:00:00Z' },
      ...eventsOf('declined', 3, '2026-11-27T00:00:00Z'),
    ]);
    flags = await computeFlags(db().em(), account.id, {
      thresholds: DEFAULT_THRESHOLDS,
      now,
      timeZone: 'Asia/Kolkata',
    });
  });

  it('finds idle seats: active activations with no session in the last 30 days', () => {
    const window = { from: at('2026-10-29T12:00:00Z'), to: now };
    expect(flags.idleSeats).toEqual([
      {
        kind: 'idle_seat',
        productName: 'ElumTools',
        licenseId: elum.id,
        acPrefix: elum.acPrefix,
        codeLabel: `${elum.acPrefix}…`,
        userEmail: 'gil@x.com',
        machine: 'gil-PC',
        activatedAt: at('2026-01-01T00:00:00Z'),
        lastSessionAt: at('2026-10-20T09:00:00Z'),
        idleDays: 30,
        window,
      },
      {
        kind: 'idle_seat',
        productName: 'ElumTools',
        licenseId: elum.id,
        acPrefix: elum.acPrefix,
        codeLabel: `${elum.acPrefix}…`,
        userEmail: 'ivy@x.com',
        machine: 'ivy-PC',
        activatedAt: at('2026-01-01T00:00:00Z'),
        lastSessionAt: null,
        idleDays: 30,
        window,
      },
    ]);
  });

  it('finds under-used pools from the exact peak over 28 days, touching intervals not overlapping', () => {
    const window = { from: at('2026-10-31T12:00:00Z'), to: now };
    const capacity = (seats: number) => seats * 28 * 24;
    // ElumTools: 2 + 1 + 1.5 + 1 (clipped) + 2 (open, to now) = 7.5 hours.
    expect(flags.underusedPools).toEqual([
      {
        kind: 'underused_pool',
        productName: 'AGi32',
        licenseId: agi.id,
        acPrefix: agi.acPrefix,
        codeLabel: `${agi.acPrefix}…`,
        seats: 2,
        peak: 1,
        peakAt: at('2026-11-12T09:00:00Z'),
        usedHours: 2,
        capacityHours: capacity(2),
        utilization: 2 / capacity(2),
        window,
      },
      {
        kind: 'underused_pool',
        productName: 'Photometric Power Tools',
        licenseId: empty.id,
        acPrefix: empty.acPrefix,
        codeLabel: `${empty.acPrefix}…`,
        seats: 4,
        peak: 0,
        peakAt: null,
        usedHours: 0,
        capacityHours: capacity(4),
        utilization: 0,
        window,
      },
      {
        kind: 'underused_pool',
        productName: 'ElumTools',
        licenseId: elum.id,
        acPrefix: elum.acPrefix,
        codeLabel: `${elum.acPrefix}…`,
        seats: 3,
        peak: 2,
        peakAt: at('2026-11-10T11:00:00Z'),
        usedHours: 7.5,
        capacityHours: capacity(3),
        utilization: (7.5 * HOUR) / (capacity(3) * HOUR),
        window,
      },
    ]);
  });

  it('finds frequent denials in the last 7 days with suggested extra seats per Kolkata hour', () => {
    expect(flags.frequentDenials).toEqual([
      {
        kind: 'frequent_denials',
        productName: 'Licaso',
        licenseId: licaso.id,
        acPrefix: licaso.acPrefix,
        codeLabel: `${licaso.acPrefix}…`,
        licenseType: 'SUL',
        seats: 1,
        declined: 6,
        threshold: 5,
        deniedUsers: 3,
        // 10:05Z and 10:20Z are 15:35 and 15:50 in Kolkata; 10:50Z is 16:20: two per hour at most.
        peakDeniedUsers: 2,
        suggestedExtraSeats: 2,
        window: { from: at('2026-11-21T12:00:00Z'), to: now },
      },
    ]);
  });

  it('finds users whose latest session ran an older version than the newest seen', () => {
    const window = { from: at('2026-08-27T18:30:00Z'), to: now };
    expect(flags.outdatedVersions.map((f) => [f.productName, f.userEmail, f.version, f.newestVersion])).toEqual([
      ['ElumTools', 'ann@x.com', '24.1', '24.10'],
      ['ElumTools', 'cy@x.com', '24.9', '24.10'],
      ['ElumTools', 'eve@x.com', '24.2', '24.10'],
      ['ElumTools', 'gil@x.com', '23.5', '24.10'],
    ]);
    expect(flags.outdatedVersions[0]).toMatchObject({ lastSessionAt: at('2026-11-10T10:00:00Z'), window });
  });

  it('uses the account thresholds', async () => {
    const strict = await computeFlags(db().em(), account.id, {
      thresholds: { idleSeatDays: 60, poolWindowDays: 28, denialThreshold: 4, denialWindowDays: 7 },
      now,
      timeZone: 'Asia/Kolkata',
    });
    // 60 days back (2026-09-29T12:00Z) gil's October session counts; ivy is still idle.
    expect(strict.idleSeats.map((f) => f.userEmail)).toEqual(['ivy@x.com']);
    expect(strict.frequentDenials.map((f) => [f.productName, f.declined])).toEqual([
      ['Licaso', 6],
      ['ElumTools', 4],
    ]);
  });
});
