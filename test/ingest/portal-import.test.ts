import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { upsertLicense } from '../../src/ingest/license-upsert.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'licbot-import-'));
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
  return path;
};

const STATS_HEADER =
  'Product,Licenses,Type,Status,Activations Used,Activations Available,Activation Code,Full Access,Limited Access,Declined Access,Takes,Take Denied,Checkouts';
const STATS = [
  STATS_HEADER,
  'AGi32,5,MUL,Expires 2027-01-31,4,6,AGMUL…,120,30,12,0,0,7',
  'Toolbox,1,SUL,Expires 2026-12-31,1,1,TBSUL…,40,9,5,3,2,0',
  'ElumTools,1,HWK,Expires 2027-03-01,n/a,n/a,ELHWK…,n/a,n/a,n/a,n/a,n/a,n/a',
  'Licaso,2,SUL,Expires 2027-01-31,1,1,LCDUP…,1,0,0,0,0,0',
  'Photometric Power Tools,3,MUL,Expired 2025-06-30,2,1,PPTNE-7777-FULL-CODE,10,4,4,0,0,2',
  'AGi32,5,MUL,Expires 2027-01-31,4,6,NOPE1…,1,1,1,0,0,0',
  'toolbox,1,SUL,Expires 2026-12-31,1,1,TBSUL...,40,9,5,3,2,0',
  'Toolbox,1,SUL,Expires 2026-12-31,1,1,XXXXX…,5,2,3,0,0,0',
  'AGi32,5,MUL,Expires 2027-01-31,4,6,AGMUL…,1,1,1,2,0,0',
  '"Visual, Lighting",1,SUL,soon,1,1,VLVLV…,1,1,1,0,0,0',
  'AGi32,5,MUL',
];
const STATS_REJECTED = [
  'line 5: 2 Licaso licenses have codes starting LCDUP…: put the full code in the Activation Code column to say which',
  'line 7: no AGi32 license with activation code NOPE1…: register it first (PUT /api/v1/licenses) or put the full code in the Activation Code column',
  'line 8: the same license as line 3',
  'line 9: Limited Access (2) is less than Declined Access (3)',
  'line 10: Takes must be 0 or n/a for a MUL license (it does not apply), not 2',
  'line 11: Status "soon" is not "Expires YYYY-MM-DD" or "Expired YYYY-MM-DD"',
  'line 12: has 3 values but the header has 13 columns',
];

const SESSIONS = [
  'Status,DateTime,Email,Program,Version,Machine,Duration,Duration Seconds,Activation Code',
  'Active,2026-03-10T09:00:00+01:00,Ana@Example.com,AGi32,20.1,WS-01,1:30:00,5400,',
  'Closed,2026-03-09T17:00:00Z,bo@example.com,agi32,19.5,WS-02,2:00:00,7200,',
  'Closed,2026-03-09T12:00:00Z,bo@example.com,Licaso,3.0,WS-02,0:45:00,2700,LCDUP-4444-A',
  'Closed,2026-03-09T12:00:00Z,bo@example.com,Licaso,3.0,WS-02,0:45:00,2700,',
  'Closed,2026-03-09T12:00:00Z,cy@example.com,ElumTools,1.0,WS-03,0:10:00,600,',
  'Closed,2026-03-09T12:00:00Z,cy@example.com,AGi32,1.0,WS-03,0:10:00,900,',
  'Closed,2026-03-09 12:00,cy@example.com,AGi32,1.0,WS-03,0:10:00,600,',
  'Closed,2026-03-09T17:00:00Z,bo@example.com,AGi32,19.5,WS-02,2:00:00,7200,',
  'Paused,2026-03-09T17:00:00Z,bo@example.com,AGi32,19.5,WS-02,2:00:00,7200,',
];
const SESSIONS_REJECTED = [
  'line 5: Licaso has 2 licenses: add an "Activation Code" column with the full code to say which',
  'line 6: ElumTools has no SUL or MUL license: register one first (PUT /api/v1/licenses)',
  'line 7: Duration 0:10:00 and Duration Seconds 900 disagree',
  'line 8: DateTime "2026-03-09 12:00" is not ISO 8601 with an offset (2026-01-15T09:30:00Z)',
  'line 10: Status "Paused" is not Active or Closed',
];

describe('licbot import (portal CSV exports)', () => {
  const db = useTestDatabase();
  let accountId: number;

  const cli = async (...args: string[]) => {
    let out = '';
    let err = '';
    const sink = (add: (s: string) => void) =>
      ({
        write: (s: string) => {
          add(s);
          return true;
        },
      }) as NodeJS.WritableStream;
    const code = await runCli(
      ['import', ...args, '--account', 'acme'],
      { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) },
      { NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: db().url },
    );
    return { code, out: out.trimEnd().split('\n'), err };
  };
  const baseline = async (prefix: string) =>
    (
      await db().sql(
        `select baseline_full, baseline_limited, baseline_declined, baseline_takes, baseline_take_denied,
                baseline_checkouts, baseline_at from license where ac_prefix = $1`,
        [prefix],
      )
    )[0];

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

  it('imports License Stats counters as baselines, names each rejected line, and skips them all the second time', async () => {
    const path = file('license-stats.csv', STATS);
    const first = await cli('licenses', path);
    expect(first.code).toBe(1);
    expect(first.out).toEqual(['imported 4 / skipped (duplicate) 0 / rejected 7', ...STATS_REJECTED]);
    const agi = await baseline('AGMUL');
    expect(agi).toMatchObject({
      baseline_full: 120,
      baseline_limited: 30,
      baseline_declined: 12,
      baseline_takes: 0,
      baseline_take_denied: 0,
      baseline_checkouts: 7,
    });
    expect(Date.now() - agi!.baseline_at.getTime()).toBeLessThan(60_000);
    expect(await baseline('TBSUL')).toMatchObject({ baseline_takes: 3, baseline_take_denied: 2 });
    expect(await baseline('ELHWK')).toMatchObject({ baseline_full: 0, baseline_checkouts: 0 });
    // A full code nobody registered creates the license (allowed = used + available).
    expect(
      await db().sql(
        `select p.name, p.position, l.type, l.seats, l.activations_allowed, l.expires_at::text, l.baseline_full
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
        expires_at: '2025-06-30',
        baseline_full: 10,
      },
    ]);

    const second = await cli('licenses', path);
    expect(second.out).toEqual(['imported 0 / skipped (duplicate) 4 / rejected 7', ...STATS_REJECTED]);
    expect((await baseline('AGMUL'))!.baseline_at).toEqual(agi!.baseline_at);

    const newer = file('license-stats-2.csv', [
      STATS_HEADER,
      'AGi32,5,MUL,Expires 2027-01-31,4,6,AGMUL…,130,31,12,0,0,7',
    ]);
    expect(await cli('licenses', newer)).toMatchObject({
      code: 0,
      out: ['imported 1 / skipped (duplicate) 0 / rejected 0'],
    });
    expect(await baseline('AGMUL')).toMatchObject({ baseline_full: 130, baseline_limited: 31 });
  });

  it('imports Session History rows as sessions, once', async () => {
    const path = file('sessions.csv', SESSIONS);
    const first = await cli('sessions', path);
    expect(first.out).toEqual(['imported 3 / skipped (duplicate) 1 / rejected 5', ...SESSIONS_REJECTED]);
    const rows = await db().sql(
      `select s.user_email, p.name, l.ac_prefix, s.version, s.machine, s.started_at, s.last_heartbeat_at, s.ended_at
         from session s join product p on p.id = s.product_id join license l on l.id = s.license_id
        order by s.started_at`,
    );
    expect(rows).toEqual([
      {
        user_email: 'bo@example.com',
        name: 'Licaso',
        ac_prefix: 'LCDUP',
        version: '3.0',
        machine: 'WS-02',
        started_at: new Date('2026-03-09T11:15:00Z'),
        last_heartbeat_at: new Date('2026-03-09T12:00:00Z'),
        ended_at: new Date('2026-03-09T12:00:00Z'),
      },
      {
        user_email: 'bo@example.com',
        name: 'AGi32',
        ac_prefix: 'AGMUL',
        version: '19.5',
        machine: 'WS-02',
        started_at: new Date('2026-03-09T15:00:00Z'),
        last_heartbeat_at: new Date('2026-03-09T17:00:00Z'),
        ended_at: new Date('2026-03-09T17:00:00Z'),
      },
      {
        user_email: 'ana@example.com',
        name: 'AGi32',
        ac_prefix: 'AGMUL',
        version: '20.1',
        machine: 'WS-01',
        started_at: new Date('2026-03-10T08:00:00Z'),
        last_heartbeat_at: new Date('2026-03-10T09:30:00Z'),
        ended_at: null,
      },
    ]);
    expect((await cli('sessions', path)).out).toEqual([
      'imported 0 / skipped (duplicate) 4 / rejected 5',
      ...SESSIONS_REJECTED,
    ]);
  });

  it('streams files larger than one chunk and imports them exactly once', async () => {
    const lines = [SESSIONS[0]!];
    const base = Date.parse('2026-01-01T00:00:00Z');
    for (let i = 0; i < 2500; i++) {
      const end = new Date(base + i * 60_000).toISOString();
      lines.push(`Closed,${end},user${i % 40}@example.com,AGi32,20.1,PC-${i % 7},0:00:30,30,`);
    }
    const path = file('many-sessions.csv', lines);
    expect((await cli('sessions', path)).out).toEqual(['imported 2500 / skipped (duplicate) 0 / rejected 0']);
    expect((await cli('sessions', path)).out).toEqual(['imported 0 / skipped (duplicate) 2500 / rejected 0']);
  });

  it('tells which command a file is for, and refuses a missing file or account', async () => {
    const sessions = file('wrong-kind.csv', SESSIONS.slice(0, 2));
    const wrong = await cli('licenses', sessions);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(
      /^wrong-kind\.csv is not a portal License Stats export: missing column\(s\) "Product", "Licenses", .*It looks like a Session History export: use `licbot import sessions`\. Its first line must name the columns: Product,Licenses,/,
    );
    expect((await cli('sessions', join(dir, 'nope.csv'))).err).toMatch(/Cannot read ".*nope\.csv": no such file/);
    expect((await cli('sessions')).code).toBe(2);
    expect((await cli('stuff', sessions)).err).toMatch(/Cannot import "stuff"/);
  });
});
