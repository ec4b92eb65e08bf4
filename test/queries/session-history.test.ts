import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { resolveHistoryWindow } from '../../src/domain/time-window.js';
import {
  type SessionFilters,
  sessionHistoryCondensed,
  sessionHistoryFull,
} from '../../src/queries/session-history.query.js';
import { streamSessionExport } from '../../src/queries/session-history-stream.query.js';
import { addActivation, addLicense, addSession } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const TZ = 'Asia/Kolkata';
const now = new Date('2026-11-28T12:00:00Z');
// 1 to 15 November in Kolkata: 2026-10-31T18:30Z up to 2026-11-15T18:30Z.
const november = resolveHistoryWindow({ from: '2026-11-01', to: '2026-11-15' }, now, TZ);

describe('session history', () => {
  const db = useTestDatabase();
  let account: Account;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'history', TZ);
    const a = account.id;
    const elum = await addLicense(db(), account, { product: 'ElumTools', type: 'MUL', seats: 5 });
    const agi = await addLicense(db(), account, { product: 'AGi32', type: 'SUL' });
    const toolbox = await addLicense(db(), account, { product: 'Toolbox', type: 'SUL' });
    const hwk = await addLicense(db(), account, { product: 'Toolbox', type: 'HWK' });
    const add = async (key: string, license: typeof elum, s: Parameters<typeof addSession>[3]) => {
      ids[key] = await addSession(db(), a, license, s);
    };
    await add('beforeFrom', elum, {
      user: 'ann@example.com',
      start: '2026-10-31T18:29:59Z',
      end: '2026-10-31T19:00:00Z',
    });
    // Starts on the first instant of the window and runs 26 hours.
    await add('long', elum, { user: 'ann@example.com', start: '2026-10-31T18:30:00Z', end: '2026-11-01T20:30:00Z' });
    await add('annAgi', agi, {
      user: 'ann@example.com',
      start: '2026-11-10T10:00:00Z',
      end: '2026-11-10T11:30:15Z',
      version: '2.1.4',
      machine: 'ANN-PC',
    });
    // Starts in the last second of the window and is still running.
    await add('bobActive', elum, { user: 'bob@example.com', start: '2026-11-15T18:29:59Z', machine: 'BOB-LAPTOP' });
    await add('atTo', elum, { user: 'bob@example.com', start: '2026-11-15T18:30:00Z', end: '2026-11-15T19:00:00Z' });
    await add('hwk', hwk, { user: 'cy@example.com', start: '2026-11-05T08:00:00Z', end: '2026-11-05T09:00:00Z' });
    await add('dee', agi, { user: 'dee@example.com', start: '2026-11-05T08:00:00Z', end: '2026-11-05T09:00:00Z' });
    await add('eve', agi, { user: 'eve@example.com', start: '2026-11-05T09:00:00Z', end: '2026-11-05T10:00:00Z' });
    await add('fay', agi, { user: 'fay@example.com', start: '2026-11-05T08:00:00Z', end: '2026-11-05T12:00:00Z' });
    await add('annToolbox', toolbox, {
      user: 'ann@example.com',
      start: '2026-11-02T00:00:00Z',
      end: '2026-11-02T00:45:00Z',
    });
    await add('annActive', elum, { user: 'ann@example.com', start: '2026-11-12T00:00:00Z' });
    // dee was deactivated inside the window and holds nothing now: left out.
    await addActivation(db(), a, agi, {
      user: 'dee@example.com',
      at: '2026-01-01T00:00:00Z',
      deactivatedAt: '2026-11-07T00:00:00Z',
    });
    // eve too, but she has another active activation for AGi32: kept.
    await addActivation(db(), a, agi, {
      user: 'eve@example.com',
      at: '2026-01-01T00:00:00Z',
      deactivatedAt: '2026-11-07T00:00:00Z',
    });
    await addActivation(db(), a, agi, { user: 'eve@example.com', at: '2026-11-07T00:00:00Z', machine: 'NEW-PC' });
    // fay was deactivated before the window: kept in November, left out of the default window.
    await addActivation(db(), a, agi, {
      user: 'fay@example.com',
      at: '2026-01-01T00:00:00Z',
      deactivatedAt: '2026-10-01T00:00:00Z',
    });
    // A deactivation for another product does not hide ann's AGi32 sessions.
    await addActivation(db(), a, toolbox, {
      user: 'ann@example.com',
      at: '2026-01-01T00:00:00Z',
      deactivatedAt: '2026-11-03T00:00:00Z',
    });
    await addActivation(db(), a, toolbox, { user: 'ann@example.com', at: '2026-11-03T00:00:00Z', machine: 'ANN-2' });
  });

  const filters = (extra: Partial<SessionFilters> = {}): SessionFilters => ({ window: november, now, ...extra });

  it('full view: active by start newest first, then closed by end newest first', async () => {
    const full = await sessionHistoryFull(db().em(), account.id, filters());
    expect(full.active.map((s) => s.sessionId)).toEqual([ids.bobActive, ids.annActive]);
    expect(full.closed.map((s) => s.sessionId)).toEqual([ids.annAgi, ids.fay, ids.eve, ids.annToolbox, ids.long]);
    expect([full.totalActive, full.totalClosed]).toEqual([2, 5]);
  });

  it('measures durations: closed end − start (over 24 h too), active up to now', async () => {
    const full = await sessionHistoryFull(db().em(), account.id, filters());
    const byId = new Map([...full.active, ...full.closed].map((s) => [s.sessionId, s]));
    expect(byId.get(ids.long!)?.durationSeconds).toBe(26 * 3600);
    expect(byId.get(ids.annAgi!)).toEqual({
      sessionId: ids.annAgi,
      active: false,
      startedAt: new Date('2026-11-10T10:00:00Z'),
      endedAt: new Date('2026-11-10T11:30:15Z'),
      userEmail: 'ann@example.com',
      productName: 'AGi32',
      version: '2.1.4',
      machine: 'ANN-PC',
      durationSeconds: 5415,
    });
    // 2026-11-15T18:29:59Z to 2026-11-28T12:00:00Z = 12 days 17:30:01.
    expect(byId.get(ids.bobActive!)?.durationSeconds).toBe(12 * 86400 + 17 * 3600 + 30 * 60 + 1);
    expect(byId.get(ids.bobActive!)?.endedAt).toBeNull();
  });

  it('caps the rows with a limit but still counts them all', async () => {
    const full = await sessionHistoryFull(db().em(), account.id, filters(), 3);
    expect(full.active.map((s) => s.sessionId)).toEqual([ids.bobActive, ids.annActive]);
    expect(full.closed.map((s) => s.sessionId)).toEqual([ids.annAgi]);
    expect([full.totalActive, full.totalClosed]).toEqual([2, 5]);
  });

  it('condensed view: one row per (email, program), by email then catalogue order', async () => {
    const rows = await sessionHistoryCondensed(db().em(), account.id, filters());
    expect(rows).toEqual([
      { userEmail: 'ann@example.com', productName: 'AGi32', sessions: 1, activeSessions: 0, durationSeconds: 5415 },
      { userEmail: 'ann@example.com', productName: 'Toolbox', sessions: 1, activeSessions: 0, durationSeconds: 2700 },
      // 26 h closed + 16 days 12 h active up to now.
      {
        userEmail: 'ann@example.com',
        productName: 'ElumTools',
        sessions: 2,
        activeSessions: 1,
        durationSeconds: 26 * 3600 + 16 * 86400 + 12 * 3600,
      },
      {
        userEmail: 'bob@example.com',
        productName: 'ElumTools',
        sessions: 1,
        activeSessions: 1,
        durationSeconds: 12 * 86400 + 17 * 3600 + 30 * 60 + 1,
      },
      { userEmail: 'eve@example.com', productName: 'AGi32', sessions: 1, activeSessions: 0, durationSeconds: 3600 },
      { userEmail: 'fay@example.com', productName: 'AGi32', sessions: 1, activeSessions: 0, durationSeconds: 14400 },
    ]);
  });

  it('filters by product and by user (case-insensitive)', async () => {
    const products = await db().sql<{ id: number; name: string }>(
      'select id, name from product where account_id = $1',
      [account.id],
    );
    const elumId = products.find((p) => p.name === 'ElumTools')!.id;
    const elum = await sessionHistoryCondensed(db().em(), account.id, filters({ productId: elumId }));
    expect(elum.map((r) => [r.userEmail, r.sessions])).toEqual([
      ['ann@example.com', 2],
      ['bob@example.com', 1],
    ]);
    const ann = await sessionHistoryFull(db().em(), account.id, filters({ userEmail: ' ANN@example.com' }));
    expect([...ann.active, ...ann.closed].map((s) => s.sessionId)).toEqual([
      ids.annActive,
      ids.annAgi,
      ids.annToolbox,
      ids.long,
    ]);
  });

  it('defaults to three months ending now, where fay counts as deactivated', async () => {
    const window = resolveHistoryWindow({}, now, TZ);
    const rows = await sessionHistoryCondensed(db().em(), account.id, { window, now });
    expect(rows.map((r) => `${r.userEmail} ${r.productName} ${r.sessions}`)).toEqual([
      'ann@example.com AGi32 1',
      'ann@example.com Toolbox 1',
      'ann@example.com ElumTools 3',
      'bob@example.com ElumTools 2',
      'eve@example.com AGi32 1',
    ]);
  });

  it('streams the export rows in view order, rendered in the account zone', async () => {
    const batches: string[][][] = [];
    for await (const batch of streamSessionExport(db().em(), account.id, filters(), TZ)) batches.push(batch);
    expect(batches.flat()).toEqual([
      // Active: DateTime is the start, duration runs to now.
      [
        'Active',
        '2026-11-15T23:59:59+05:30',
        'bob@example.com',
        'ElumTools',
        '1.0',
        'BOB-LAPTOP',
        '305:30:01',
        '1099801',
      ],
      ['Active', '2026-11-12T05:30:00+05:30', 'ann@example.com', 'ElumTools', '1.0', 'PC-1', '396:00:00', '1425600'],
      // Closed: DateTime is the end.
      ['Closed', '2026-11-10T17:00:15+05:30', 'ann@example.com', 'AGi32', '2.1.4', 'ANN-PC', '1:30:15', '5415'],
      ['Closed', '2026-11-05T17:30:00+05:30', 'fay@example.com', 'AGi32', '1.0', 'PC-1', '4:00:00', '14400'],
      ['Closed', '2026-11-05T15:30:00+05:30', 'eve@example.com', 'AGi32', '1.0', 'PC-1', '1:00:00', '3600'],
      ['Closed', '2026-11-02T06:15:00+05:30', 'ann@example.com', 'Toolbox', '1.0', 'PC-1', '0:45:00', '2700'],
      ['Closed', '2026-11-02T02:00:00+05:30', 'ann@example.com', 'ElumTools', '1.0', 'PC-1', '26:00:00', '93600'],
    ]);
  });

  it('stops the query when the reader stops early', async () => {
    for await (const batch of streamSessionExport(db().em(), account.id, filters(), TZ)) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    const copies = await db().sql(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and query like 'copy (%'
        and state <> 'idle'`,
    );
    expect(copies).toEqual([{ n: 0 }]);
  });
});
