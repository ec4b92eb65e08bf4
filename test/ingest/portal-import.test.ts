import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ingestEvents } from '../../src/ingest/event-ingest.js';
import { upsertLicense } from '../../src/ingest/license-upsert.js';
import { closeStaleSessions } from '../../src/ingest/session-sweep.js';
import { runLicbot } from '../helpers/cli.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'licbot-import-'));
const file = (name: string, lines: string[], encode: (text: string) => Buffer = (t) => Buffer.from(t, 'utf8')) => {
  const path = join(dir, name);
  writeFileSync(path, encode(`${lines.join('\r\n')}\r\n`));
  return path;
};

const STATS_HEADER =
  'Product,Licenses,Type,Status,Activations Used,Activations Available,Activation Code,Full Access,Limited Access,Declined Access,Takes,Take Denied,Checkouts';
const STATS = [
  STATS_HEADER,
  'AGi32,5,MUL,Expires 2027-01-31,3,7,AGMUL…,120,30,12,0,0,7',
  'Toolbox,1,SUL,Expires 2026-12-31,1,1,TBSUL…,40,9,5,3,2,0',
  'ElumTools,1,HWK,Expires 2027-03-01,n/a,n/a,ELHWK…,n/a,n/a,n/a,n/a,n/a,n/a',
  'Licaso,2,SUL,Expires 2027-01-31,0,2,LCDUP-4444-A,1,0,0,0,0,0',
  'Photometric Power Tools,3,MUL,Expired 2025-06-30,2,1,PPTNE-7777-FULL-CODE,10,4,4,0,0,2',
];
const SESSIONS_HEADER = 'Status,DateTime,Email,Program,Version,Machine,Duration,Duration Seconds,Activation Code';

/** Sessions a few days before the real now, so no test depends on the day it runs. */
const DAY = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 10 * 86_400_000;
const at = (hours: number) => new Date(DAY + hours * 3_600_000).toISOString().replace('.000Z', 'Z');

describe('licbot import (portal CSV exports)', () => {
  const db = useTestDatabase();
  let accountId: number;

  const cli = async (...args: string[]) => {
    const run = await runLicbot(['import', ...args, '--account', 'acme'], {
      NODE_ENV: 'test',
      DATABASE_URL: db().url,
    });
    return { code: run.code, out: run.out.trimEnd().split('\n'), err: run.err };
  };
  const stats = async (product: string) => {
    const run = await runLicbot(['stats', '--account', 'acme', '--product', product, '--format', 'json'], {
      NODE_ENV: 'test',
      DATABASE_URL: db().url,
    });
    expect(run.code).toBe(0);
    return JSON.parse(run.out) as {
      licenses: { acPrefix: string; activationsUsed: number; activationsAvailable: number }[];
      products: { activationsUsed: number; activationsAvailable: number }[];
    };
  };
  const activation = (type: 'activation' | 'deactivation', user: string, machine: string) =>
    ingestEvents(
      db().em(),
      accountId,
      {
        events: [
          {
            type,
            id: randomUUID(),
            product: 'AGi32',
            activationCode: 'AGMUL-1111-SECRET',
            user,
            machine,
            at: new Date(Date.now() - 60_000).toISOString(),
          },
        ],
      },
      { hashSecret: db().config.HASH_SECRET },
    );
  const baseline = async (prefix: string) =>
    (
      await db().sql(
        `select baseline_full, baseline_limited, baseline_declined, baseline_takes, baseline_take_denied,
                baseline_checkouts, baseline_at, activations_allowed, activations_unlisted
           from license where ac_prefix = $1`,
        [prefix],
      )
    )[0];
  const sessions = () =>
    db().sql(
      `select s.user_email, p.name, l.ac_prefix, s.version, s.machine, s.started_at, s.last_heartbeat_at, s.ended_at
         from session s join product p on p.id = s.product_id join license l on l.id = s.license_id
        where s.account_id = $1 order by s.started_at, s.id`,
      [accountId],
    );

  beforeAll(async () => {
    const account = await createDefaultAccount(db(), 'acme');
    accountId = account.id;
    const add = (product: string, type: 'SUL' | 'MUL' | 'HWK', activationCode: string) =>
      upsertLicense(
        db().em(),
        account,
        { product, type, seats: 1, activationsAllowed: 2, expiresAt: '2027-01-31', activationCode },
        db().config.HASH_SECRET,
      );
    await add('AGi32', 'MUL', 'AGMUL-1111-SECRET');
    await add('Toolbox', 'SUL', 'TBSUL-2222-SECRET');
    await add('ElumTools', 'HWK', 'ELHWK-3333-SECRET');
    await add('Licaso', 'SUL', 'LCDUP-4444-A');
    await add('Licaso', 'SUL', 'LCDUP-5555-B');
  });

  it('refuses a License Stats file with any bad row: every problem by line and column, nothing stored', async () => {
    const path = file('license-stats-bad.csv', [
      ...STATS,
      'Licaso,2,SUL,Expires 2027-01-31,1,1,LCDUP…,1,0,0,0,0,0',
      'AGi32,5,MUL,Expires 2027-01-31,4,6,NOPE1…,1,1,1,0,0,0',
      'toolbox,1,SUL,Expires 2026-12-31,1,1,TBSUL...,40,9,5,3,2,0',
      'AGi32,5,MUL,Expires 0001-01-01,4,6,AGMUL…,1,1,1,0,0,0',
      'AGi32,5,MUL,Expires 2027-01-31,4,6,AGMUL…,1,1,1,2,0,0',
      '"Visual, Lighting",1,SUL,soon,1,1,VLVLV…,1,1,1,0,0,0',
      'Toolbox,1,SUL,Expires 2026-12-31,1,1,XXXXX…,5,2,3,0,0,0',
      'Toolbox,1,SUL,Expires 0099-12-31,3,,TBSUL…,1,1,1,0,0,0',
      'AGi32,5,MUL',
      'Toolbox,1,SUL,Expires 2026-12-31,1e3,1,TBSUL…,1,1,1,0,0,0',
    ]);
    const run = await cli('licenses', path);
    expect(run.code).toBe(1);
    expect(run.out).toEqual(['']);
    expect(run.err.trimEnd().split('\n')).toEqual([
      'Nothing imported from license-stats-bad.csv: 10 problems (in License Stats export).',
      '  line 7, Activation Code: 2 Licaso licenses have codes starting LCDUP…: put the full code in the Activation Code column to say which',
      '  line 8, Activation Code: no AGi32 license with activation code NOPE1…: register it first (PUT /api/v1/licenses) or put the full code in the Activation Code column',
      '  line 9, Activation Code: names the same license as line 3: keep one of them',
      '  line 10, Status: "0001-01-01" is before 2000-01-01: write the full four-digit year',
      '  line 11, Takes: must be 0 or n/a for a MUL license (it does not apply), not 2',
      '  line 12, Status: "soon" is not "Expires YYYY-MM-DD" or "Expired YYYY-MM-DD"',
      '  line 13, Limited Access: 2 is less than Declined Access (3); Limited Access includes the declined ones',
      '  line 14, Status: "0099-12-31" is before 2000-01-01: write the full four-digit year',
      '  line 15: has 3 values but the header has 13 columns: check for a missing or extra comma, or a comma inside a value that is not in quotes',
      '  line 16, Activations Used: "1e3" is not a whole number (0 to 999999999)',
      'Fix these rows (or remove them) and run the same import again: nothing of this file was stored.',
    ]);
    expect(run.err).not.toMatch(/failed unexpectedly|\n\s+at /);
    // The good rows before the bad ones were not stored, nor the license a full code would create.
    expect(await baseline('AGMUL')).toMatchObject({ baseline_at: null, baseline_full: 0, activations_allowed: 2 });
    expect(await db().sql(`select 1 from license where ac_prefix = 'PPTNE'`)).toEqual([]);
  });

  it('imports License Stats: counters as baselines, Activations Used / Available as the portal shows them', async () => {
    // One activation LicBot already knows of: the portal's 3 used include it.
    expect(await activation('activation', 'ana@example.com', 'WS-01')).toEqual({ accepted: 1, duplicates: 0 });
    const path = file('license-stats.csv', STATS);
    const first = await cli('licenses', path);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toEqual([
      'Imported license-stats.csv (License Stats export): 5 rows read.',
      '  stored: 5 (2 MUL, 2 SUL, 1 HWK)',
      '  updated: 0',
      '  skipped as duplicates: 0',
    ]);
    const agi = await baseline('AGMUL');
    expect(agi).toMatchObject({
      baseline_full: 120,
      baseline_limited: 30,
      baseline_declined: 12,
      baseline_takes: 0,
      baseline_take_denied: 0,
      baseline_checkouts: 7,
      // 3 used + 7 available; 3 used = the stored activation + 2 LicBot knows only by number.
      activations_allowed: 10,
      activations_unlisted: 2,
    });
    expect(Date.now() - agi!.baseline_at.getTime()).toBeLessThan(60_000);
    expect(await baseline('TBSUL')).toMatchObject({ baseline_takes: 3, baseline_take_denied: 2 });
    expect(await baseline('ELHWK')).toMatchObject({ baseline_full: 0, baseline_checkouts: 0, activations_allowed: 2 });
    // What /licstats and `licbot stats` show right after the import is what the portal showed.
    expect((await stats('agi')).licenses).toMatchObject([
      { acPrefix: 'AGMUL', activationsUsed: 3, activationsAvailable: 7 },
    ]);
    expect((await stats('licaso')).licenses).toMatchObject([
      { acPrefix: 'LCDUP', activationsUsed: 0, activationsAvailable: 2 },
      { acPrefix: 'LCDUP', activationsUsed: 0, activationsAvailable: 2 },
    ]);
    // A full code nobody registered creates the license (allowed = used + available).
    expect(
      await db().sql(
        `select p.name, p.position, l.type, l.seats, l.activations_allowed, l.activations_unlisted,
                l.expires_at::text, l.baseline_full
           from license l join product p on p.id = l.product_id where l.ac_prefix = 'PPTNE' and l.account_id = $1`,
        [accountId],
      ),
    ).toEqual([
      {
        name: 'Photometric Power Tools',
        position: 3,
        type: 'MUL',
        seats: 3,
        activations_allowed: 3,
        activations_unlisted: 2,
        expires_at: '2025-06-30',
        baseline_full: 10,
      },
    ]);

    // Later activations count on top, deactivations come off, as before the import.
    expect(await activation('activation', 'bo@example.com', 'WS-02')).toEqual({ accepted: 1, duplicates: 0 });
    expect((await stats('agi')).products).toMatchObject([{ activationsUsed: 4, activationsAvailable: 6 }]);
    expect(await activation('deactivation', 'ana@example.com', 'WS-01')).toEqual({ accepted: 1, duplicates: 0 });
    expect((await stats('agi')).products).toMatchObject([{ activationsUsed: 3, activationsAvailable: 7 }]);

    // The same file again: 3 used, of which LicBot now stores 1 (bo's): still 2 unlisted.
    expect((await cli('licenses', path)).out.slice(1)).toEqual([
      '  stored: 0',
      '  updated: 0',
      '  skipped as duplicates: 5 (2 MUL, 2 SUL, 1 HWK)',
    ]);
    expect(await baseline('AGMUL')).toMatchObject({ baseline_at: agi!.baseline_at, activations_unlisted: 2 });

    // A newer export: the portal counts bo's activation too (4 used), the counters grew.
    const newer = file('license-stats-2.csv', [
      STATS_HEADER,
      'AGi32,5,MUL,Expires 2027-01-31,4,6,AGMUL…,130,31,12,0,0,7',
    ]);
    expect(await cli('licenses', newer)).toMatchObject({
      code: 0,
      out: expect.arrayContaining(['  updated: 1 (1 MUL)']),
    });
    expect(await baseline('AGMUL')).toMatchObject({
      baseline_full: 130,
      baseline_limited: 31,
      activations_unlisted: 3,
    });
    expect((await stats('agi')).licenses).toMatchObject([{ activationsUsed: 4, activationsAvailable: 6 }]);
  });

  it('imports Session History rows as sessions once, with the summary per kind', async () => {
    const lines = [
      SESSIONS_HEADER,
      `Active,${at(9).replace('Z', '+01:00')},Ana@Example.com,AGi32,20.1,WS-01,1:30:00,5400,`,
      `Closed,${at(-7)},bo@example.com,agi32,19.5,WS-02,2:00:00,7200,`,
      `Closed,${at(-12)},bo@example.com,Licaso,3.0,WS-02,0:45:00,2700,LCDUP-4444-A`,
    ];
    const path = file('sessions.csv', lines);
    const first = await cli('sessions', path);
    expect(first).toMatchObject({ code: 0, err: '' });
    expect(first.out).toEqual([
      'Imported sessions.csv (Session History export (full view)): 3 rows read.',
      '  stored: 3 (2 closed, 1 active)',
      '  updated: 0',
      '  skipped as duplicates: 0',
    ]);
    const h = (hours: number) => new Date(DAY + hours * 3_600_000);
    expect(await sessions()).toEqual([
      {
        user_email: 'bo@example.com',
        name: 'Licaso',
        ac_prefix: 'LCDUP',
        version: '3.0',
        machine: 'WS-02',
        started_at: h(-12.75),
        last_heartbeat_at: h(-12),
        ended_at: h(-12),
      },
      {
        user_email: 'bo@example.com',
        name: 'AGi32',
        ac_prefix: 'AGMUL',
        version: '19.5',
        machine: 'WS-02',
        started_at: h(-9),
        last_heartbeat_at: h(-7),
        ended_at: h(-7),
      },
      {
        user_email: 'ana@example.com',
        name: 'AGi32',
        ac_prefix: 'AGMUL',
        version: '20.1',
        machine: 'WS-01',
        started_at: h(8),
        last_heartbeat_at: h(9.5),
        ended_at: null,
      },
    ]);
    expect((await cli('sessions', path)).out.slice(1)).toEqual([
      '  stored: 0',
      '  updated: 0',
      '  skipped as duplicates: 3 (2 closed, 1 active)',
    ]);
    await db().sql(`delete from session where account_id = $1`, [accountId]);
  });

  it('refuses a Session History file with a bad date in row 2,501: no stack trace, the rows listed, nothing stored', async () => {
    const lines = [SESSIONS_HEADER];
    for (let i = 0; i < 2600; i++) {
      lines.push(`Closed,${at(-200 + i / 60)},user${i % 40}@example.com,AGi32,20.1,PC-${i % 7},0:00:30,30,`);
    }
    lines[2501] = 'Closed,0001-01-01T00:00:00Z,user1@example.com,AGi32,20.1,PC-1,0:00:30,30,';
    lines[2502] = 'Closed,0099-01-01T00:00:00Z,user1@example.com,AGi32,20.1,PC-1,0:00:30,30,';
    lines[2503] = 'Closed,2026-13-01T00:00:00Z,user1@example.com,AGi32,20.1,PC-1,0:00:30,30,';
    lines[2504] = `Closed,${at(-1)},user1@example.com,AGi32,20.1,PC-1,999999:00:00,,`;
    lines[2505] = `Closed,${at(-1)},user1@example.com,AGi32,20.1,PC-1,0:00:30,31,`;
    lines[2506] = `Closed,${at(-1)},'=cmd|' /C calc'!A0,AGi32,20.1,PC-1,0:00:30,30,`;
    lines[2507] = `Paused,${at(-1)},user1@example.com,AGi32,20.1,PC-1,0:00:30,30,`;
    lines[2508] = `Closed,${at(-1)},user1@example.com,ElumTools,20.1,PC-1,0:00:30,30,`;
    for (let i = 2520; i < 2550; i++) lines[i] = `Closed,${at(-1)},user1@example.com,Nope,1,PC-1,0:00:30,30,`;
    const run = await cli('sessions', file('many-bad.csv', lines));
    expect(run.code).toBe(1);
    expect(run.err).not.toMatch(/failed unexpectedly|\n\s+at /);
    const err = run.err.trimEnd().split('\n');
    expect(err[0]).toBe('Nothing imported from many-bad.csv: 38 problems (in Session History export (full view)).');
    expect(err.slice(1, 10)).toEqual([
      '  line 2502, DateTime: "0001-01-01T00:00:00Z" is before 2000-01-01: write the full four-digit year',
      '  line 2503, DateTime: "0099-01-01T00:00:00Z" is before 2000-01-01: write the full four-digit year',
      '  line 2504, DateTime: "2026-13-01T00:00:00Z" is not an ISO 8601 date-time with seconds and an offset: write it like 2026-01-15T09:30:00Z or 2026-01-15T10:30:00+01:00',
      '  line 2505, Duration: the session would start before 2000-01-01: check the Duration',
      '  line 2506, Duration Seconds: 31 disagrees with Duration 0:00:30 (30 seconds): correct one of them',
      // The ' before = is the formula guard of LicBot's exports: taken off, the rest is the value.
      `  line 2507, Email: "=cmd|' /C calc'!A0" is not an email address (like ana@example.com)`,
      '  line 2508, Status: "Paused" is neither Active nor Closed',
      '  line 2509, Activation Code: ElumTools has no SUL or MUL license: register one first (PUT /api/v1/licenses)',
      '  line 2521, Program: unknown product "Nope" (known: AGi32, Toolbox, Photometric Power Tools, ElumTools, Licaso)',
    ]);
    expect(err.slice(-2)).toEqual([
      '  … and 18 more problems not listed',
      'Fix these rows (or remove them) and run the same import again: nothing of this file was stored.',
    ]);
    expect(await sessions()).toEqual([]);
  });

  it('lists a bad cell holding a line break or ESC on one line, escaped, so it cannot fake a row', async () => {
    const lines = [
      SESSIONS_HEADER,
      `Closed,${at(-1)},"ana@example.com\n  line 9, Email: fine\u001b[2J",AGi32,20.1,PC-1,0:00:30,30,`,
    ];
    const run = await cli('sessions', file('control.csv', lines));
    expect(run.code).toBe(1);
    const err = run.err.trimEnd().split('\n');
    expect(err).toHaveLength(3);
    // A row whose quoted cell holds a line break is reported at its last line (csv-parse counts lines).
    expect(err[1]).toBe(
      '  line 3, Email: "ana@example.com\\n  line 9, Email: fine\\x1b[2J" is not an email address (like ana@example.com)',
    );
    expect(run.err).not.toContain('\u001b');
    expect(await sessions()).toEqual([]);
  });

  it('updates a session that was Active and is now Closed, once, and never counts it twice', async () => {
    const active = file('active.csv', [
      SESSIONS_HEADER,
      `Active,${at(-30)},cy@example.com,AGi32,20.1,WS-03,0:40:00,2400,`,
    ]);
    const closed = file('closed.csv', [
      SESSIONS_HEADER,
      `Closed,${at(-28)},cy@example.com,AGi32,20.1,WS-03,2:00:00,7200,`,
    ]);
    const summary = async (path: string) => (await cli('sessions', path)).out.slice(1);
    expect(await summary(active)).toEqual(['  stored: 1 (1 active)', '  updated: 0', '  skipped as duplicates: 0']);
    expect(await summary(closed)).toEqual(['  stored: 0', '  updated: 1 (1 closed)', '  skipped as duplicates: 0']);
    const one = [
      expect.objectContaining({ started_at: new Date(DAY - 30 * 3_600_000), ended_at: new Date(DAY - 28 * 3_600_000) }),
    ];
    expect(await sessions()).toEqual(one);
    // Closed with the same data: a duplicate; the older export where it was active: a duplicate too.
    expect(await summary(closed)).toEqual(['  stored: 0', '  updated: 0', '  skipped as duplicates: 1 (1 closed)']);
    expect(await summary(active)).toEqual(['  stored: 0', '  updated: 0', '  skipped as duplicates: 1 (1 active)']);
    expect(await sessions()).toEqual(one);

    // The timeout sweep closed an imported active session at its last known moment; the
    // portal's later export gives its real end.
    const dee = (status: string, hours: number, duration: string, seconds: number) =>
      `${status},${at(hours)},dee@example.com,AGi32,20.1,WS-04,${duration},${seconds},`;
    expect(await summary(file('dee-active.csv', [SESSIONS_HEADER, dee('Active', -20, '0:10:00', 600)]))).toEqual([
      '  stored: 1 (1 active)',
      '  updated: 0',
      '  skipped as duplicates: 0',
    ]);
    // A newer export where it runs longer moves its last heartbeat forward.
    expect(await summary(file('dee-longer.csv', [SESSIONS_HEADER, dee('Active', -20, '0:20:00', 1200)]))).toEqual([
      '  stored: 0',
      '  updated: 1 (1 active)',
      '  skipped as duplicates: 0',
    ]);
    expect(await closeStaleSessions(db().em(), accountId, 30)).toBe(1);
    expect(await summary(file('dee-closed.csv', [SESSIONS_HEADER, dee('Closed', -19, '1:00:00', 3600)]))).toEqual([
      '  stored: 0',
      '  updated: 1 (1 closed)',
      '  skipped as duplicates: 0',
    ]);
    expect((await sessions()).filter((s) => s.user_email === 'dee@example.com')).toEqual([
      expect.objectContaining({
        started_at: new Date(DAY - 20 * 3_600_000),
        last_heartbeat_at: new Date(DAY - 19 * 3_600_000),
        ended_at: new Date(DAY - 19 * 3_600_000),
      }),
    ]);
    await db().sql(`delete from session where account_id = $1`, [accountId]);
  });

  it("takes off exactly the formula guard of LicBot's exports, and keeps a UTF-8 byte order mark working", async () => {
    const path = file(
      'guarded.csv',
      [
        SESSIONS_HEADER,
        `Closed,${at(-5)},'-1+1@example.com,AGi32,'+20.1,"'=HYPERLINK(""x"")",0:00:10,10,`,
        `Closed,${at(-4)},ed@example.com,AGi32,'x,"'@SUM(A1)",0:00:10,10,`,
        `Closed,${at(-3)},fe@example.com,AGi32,1,Désirée’s PC,0:00:10,10,`,
      ],
      (text) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]),
    );
    const run = await cli('sessions', path);
    expect(run.err).toBe('');
    expect(run.out[1]).toBe('  stored: 3 (3 closed)');
    expect((await sessions()).map((s) => [s.user_email, s.version, s.machine])).toEqual([
      ['-1+1@example.com', '+20.1', '=HYPERLINK("x")'],
      ['ed@example.com', "'x", '@SUM(A1)'],
      ['fe@example.com', '1', 'Désirée’s PC'],
    ]);
    await db().sql(`delete from session where account_id = $1`, [accountId]);
  });

  it('refuses a Windows-1252 (Latin-1) file, naming the line and how to save it as UTF-8, and stores nothing', async () => {
    const latin1 = (text: string) => Buffer.from(text, 'latin1');
    const lines = [
      SESSIONS_HEADER,
      `Closed,${at(-5)},mu@example.com,AGi32,20.1,PC-Mueller,0:00:10,10,`,
      `Closed,${at(-4)},mu@example.com,AGi32,20.1,PC-Müller,0:00:10,10,`,
      `Closed,${at(-3)},de@example.com,AGi32,20.1,Désirée,0:00:10,10,`,
    ];
    const path = file('latin1.csv', lines, latin1);
    expect(latin1(lines[2]!).includes(0xfc)).toBe(true); // ü is one byte, not UTF-8's two
    const run = await cli('sessions', path);
    expect(run.code).toBe(1);
    expect(run.err).toBe(
      'latin1.csv is not UTF-8: line 3 has bytes that are not UTF-8 (read as Windows-1252, the usual encoding of ' +
        `Excel's plain "CSV", its value "PC-Müller"). Nothing was imported. ` +
        'Save it as UTF-8 and import it again: in Excel, Save As → "CSV UTF-8 (Comma delimited) (*.csv)"; ' +
        'in LibreOffice, Save As → Text CSV with character set "Unicode (UTF-8)"; or `iconv -f WINDOWS-1252 -t UTF-8 in.csv > out.csv`.\n',
    );
    expect(await sessions()).toEqual([]);
    // The same rows saved as UTF-8 import with their names intact, no U+FFFD anywhere.
    expect((await cli('sessions', file('utf8.csv', lines))).out[1]).toBe('  stored: 3 (3 closed)');
    expect((await sessions()).map((s) => s.machine)).toEqual(['PC-Mueller', 'PC-Müller', 'Désirée']);
    const utf16 = await cli(
      'licenses',
      file('utf16.csv', [STATS_HEADER], (t) => Buffer.from(`\uFEFF${t}`, 'utf16le')),
    );
    expect(utf16.err).toMatch(/^utf16\.csv is in UTF-16, not UTF-8: nothing was imported\. Save it as UTF-8/);
    await db().sql(`delete from session where account_id = $1`, [accountId]);
  });

  it('tells which command a file is for, and refuses a missing file or account', async () => {
    const sessionsFile = file('wrong-kind.csv', [
      SESSIONS_HEADER,
      `Closed,${at(-5)},a@example.com,AGi32,1,PC,0:00:10,10,`,
    ]);
    const wrong = await cli('licenses', sessionsFile);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(
      /^wrong-kind\.csv is not a portal License Stats export: missing column\(s\) "Product", "Licenses", .*It looks like a Session History export: use `licbot import sessions`\. Its first line must name the columns: Product,Licenses,/,
    );
    expect((await cli('sessions', join(dir, 'nope.csv'))).err).toMatch(/Cannot read ".*nope\.csv": no such file/);
    expect((await cli('sessions')).code).toBe(2);
    expect((await cli('stuff', sessionsFile)).err).toMatch(/Cannot import "stuff"/);
    const json = await cli('sessions', sessionsFile, '--format', 'json');
    expect(JSON.parse(json.out.join('\n'))).toEqual({
      file: 'wrong-kind.csv',
      format: 'Session History export (full view)',
      rowsRead: 1,
      stored: 1,
      updated: 0,
      duplicates: 0,
      kinds: { closed: { stored: 1, updated: 0, duplicates: 0 } },
    });
  });
});
