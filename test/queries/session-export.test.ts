import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { formatDuration } from '../../src/domain/duration.js';
import { resolveHistoryWindow } from '../../src/domain/time-window.js';
import { formatZoned } from '../../src/domain/time-zone.js';
import { sessionHistoryCondensed, sessionHistoryFull } from '../../src/queries/session-history.query.js';
import { streamSessionExport } from '../../src/queries/session-history-stream.query.js';
import { addLicense, addSession } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const now = new Date('2026-11-28T12:00:00Z');

describe('session export stream', () => {
  const db = useTestDatabase();
  let account: Account;

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'export', 'UTC');
    const license = await addLicense(db(), account, { product: 'Licaso', type: 'MUL', seats: 10 });
    // 3,000 sessions, 13 minutes apart, with sub-second starts and ends: several COPY chunks.
    await db().sql(
      `insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version,
        started_at, last_heartbeat_at, ended_at)
      select $1, 'bulk-' || g, $2, $3, 'user' || (g % 97) || '@example.com', 'PC-' || g, '2025.' || (g % 3),
        t, t + d, case when g % 500 = 0 then null else t + d end
      from generate_series(1, 3000) g,
        lateral (select timestamptz '2026-11-01T00:00:00.250Z' + g * interval '13 minutes' as t,
          g * interval '1.7 seconds' as d) x`,
      [account.id, license.id, license.productId],
    );
    await addSession(db(), account.id, license, {
      user: 'odd@example.com',
      machine: 'tab\there, new\nline, back\\slash "quoted" – ünïcode',
      version: '=1+1',
      start: '2026-11-27T23:59:59.600Z',
      end: '2026-11-28T00:00:00.100Z',
    });
  });

  const filters = () => ({ window: resolveHistoryWindow({ from: '2026-11-01', to: '2026-11-30' }, now, 'UTC'), now });

  it('renders exactly what the full view and the domain formatters give, in every zone', async () => {
    for (const zone of ['UTC', 'Asia/Kolkata', 'America/St_Johns', 'Europe/Berlin']) {
      const full = await sessionHistoryFull(db().em(), account.id, filters());
      const expected = [...full.active, ...full.closed].map((s) => [
        s.active ? 'Active' : 'Closed',
        formatZoned(s.endedAt ?? s.startedAt, zone),
        s.userEmail,
        s.productName,
        s.version,
        s.machine,
        formatDuration(s.durationSeconds),
        String(s.durationSeconds),
      ]);
      const rows: string[][] = [];
      for await (const batch of streamSessionExport(db().em(), account.id, filters(), zone)) rows.push(...batch);
      expect(rows).toHaveLength(3001);
      expect(rows).toEqual(expected);
    }
  });

  it('keeps tabs, newlines, backslashes and unicode intact through COPY', async () => {
    const rows: string[][] = [];
    for await (const batch of streamSessionExport(db().em(), account.id, filters(), 'UTC')) rows.push(...batch);
    // 0.5 s rounds up: the session lasted 0.5 s.
    expect(rows.find((r) => r[2] === 'odd@example.com')).toEqual([
      'Closed',
      '2026-11-28T00:00:00+00:00',
      'odd@example.com',
      'Licaso',
      '=1+1',
      'tab\there, new\nline, back\\slash "quoted" – ünïcode',
      '0:00:01',
      '1',
    ]);
    // The condensed view sums the same rounded seconds.
    const condensed = await sessionHistoryCondensed(db().em(), account.id, {
      ...filters(),
      userEmail: 'odd@example.com',
    });
    expect(condensed).toEqual([
      { userEmail: 'odd@example.com', productName: 'Licaso', sessions: 1, activeSessions: 0, durationSeconds: 1 },
    ]);
  });

  it('stops the query when the reader stops after the first batch', async () => {
    let batches = 0;
    for await (const batch of streamSessionExport(db().em(), account.id, filters(), 'UTC')) {
      expect(batch.length).toBeLessThan(3001);
      batches += 1;
      break;
    }
    expect(batches).toBe(1);
    await new Promise((r) => setTimeout(r, 100));
    const copies = await db().sql(
      `select count(*)::int as n from pg_stat_activity where datname = current_database() and query like 'copy (%'`,
    );
    expect(copies).toEqual([{ n: 0 }]);
  });
});
