import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { runLicbot } from '../helpers/cli.js';
import { LICSTATS_COLUMNS } from '../helpers/command-fixture.js';
import { addActivation, addEvents, addLicense, addSession, eventsOf } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const cli = (url: string, argv: string[]) => runLicbot(argv, { DATABASE_URL: url });

/** Cells of an aligned text row (columns are separated by at least two spaces). */
const cells = (line: string | undefined) => line?.trim().split(/\s{2,}/);
const BOM = '\uFEFF';

describe('licbot stats, sessions, flags and reset', () => {
  const db = useTestDatabase();
  let account: Account;
  const run = (...argv: string[]) => cli(db().url, [...argv, '--account', 'cli']);
  const november = ['--from', '2026-11-01', '--to', '2026-11-30'];

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'cli', 'Asia/Kolkata');
    const elum = await addLicense(db(), account, {
      product: 'ElumTools',
      type: 'MUL',
      seats: 5,
      activationsAllowed: 3,
      expiresAt: '2030-01-31',
      code: 'ELUMX-1234-5678',
    });
    await addLicense(db(), account, { product: 'AGi32', type: 'HWK', expiresAt: '2030-06-30', code: 'AGIHW-0000' });
    await addLicense(db(), account, { product: 'Licaso Cloud', type: 'SUL', code: 'LCLOU-1' });
    await addEvents(db(), account.id, elum, [
      ...eventsOf('full', 3, '2026-10-01T00:00:00Z'),
      ...eventsOf('declined', 2, '2026-10-02T00:00:00Z'),
    ]);
    await addActivation(db(), account.id, elum, { user: '=cmd@example.com', at: '2026-01-01T00:00:00Z' });
    await addSession(db(), account.id, elum, {
      user: '=cmd@example.com',
      machine: '+PC',
      version: '24.1',
      start: '2026-11-01T08:35:00Z',
      end: '2026-11-02T10:40:05Z',
    });
    await addSession(db(), account.id, elum, {
      user: 'ann@example.com',
      start: '2026-11-03T00:00:00Z',
      end: '2026-11-03T01:00:00Z',
    });
  });

  it('prints stats per product, and per license for a product given by prefix', async () => {
    const all = await run('stats');
    expect(all.code).toBe(0);
    const lines = all.out.split('\n');
    expect(lines[0]).toBe('License stats by product');
    expect(cells(lines[1])).toEqual(LICSTATS_COLUMNS);
    expect(cells(lines[3])).toEqual([
      'AGi32',
      '1 HWK',
      'Expires 2030-06-30',
      '0',
      '2',
      'n/a',
      'n/a',
      'n/a',
      'n/a',
      'n/a',
      'n/a',
    ]);
    expect(cells(lines[4])).toEqual([
      'ElumTools',
      '5 MUL',
      'Expires 2030-01-31',
      '1',
      '2',
      '3',
      '2',
      '2',
      '0',
      '0',
      '0',
    ]);
    // Right-aligned numbers end where their header ends.
    const fullEnd = lines[1]!.indexOf('Full Access') + 'Full Access'.length;
    expect(lines[4]!.slice(0, fullEnd)).toMatch(/ {2}3$/);

    const elum = await run('stats', '--product', 'ELUM');
    expect(elum.out.split('\n')[0]).toBe('License stats: ElumTools');
    expect(cells(elum.out.split('\n')[3])).toEqual([
      'ElumTools',
      '5',
      'MUL',
      'Expires 2030-01-31',
      '1',
      '2',
      'ELUMX…',
      '3',
      '2',
      '2',
      '0',
      '0',
      '0',
    ]);
  });

  it('exports stats as CSV, one row per license, n/a on HWK', async () => {
    const csv = await run('stats', '--format', 'csv');
    expect(csv.out).toBe(
      `${BOM}Product,Licenses,Type,Status,Activations Used,Activations Available,Activation Code,Full Access,Limited Access,Declined Access,Takes,Take Denied,Checkouts
AGi32,1,HWK,Expires 2030-06-30,0,2,AGIHW…,n/a,n/a,n/a,n/a,n/a,n/a
ElumTools,5,MUL,Expires 2030-01-31,1,2,ELUMX…,3,2,2,0,0,0
Licaso Cloud,1,SUL,Expires 2099-12-31,0,2,LCLOU…,0,0,0,0,0,0
`,
    );
  });

  it('exports the full session view as CSV in the account zone, formulas escaped', async () => {
    const csv = await run('sessions', ...november, '--format', 'csv');
    expect(csv.code).toBe(0);
    expect(csv.out).toBe(
      `${BOM}Status,DateTime,Email,Program,Version,Machine,Duration,Duration Seconds
Closed,2026-11-03T06:30:00+05:30,ann@example.com,ElumTools,1.0,PC-1,1:00:00,3600
Closed,2026-11-02T16:10:05+05:30,'=cmd@example.com,ElumTools,24.1,'+PC,26:05:05,93905
`,
    );
  });

  it('shows and exports the condensed view', async () => {
    const text = await run('sessions', '--view', 'condensed', ...november);
    const lines = text.out.split('\n');
    expect(lines[0]).toBe('Sessions by user and program');
    expect(cells(lines[3])).toEqual(['=cmd@example.com', 'ElumTools', '1', '26:05:05']);
    expect(cells(lines[4])).toEqual(['ann@example.com', 'ElumTools', '1', '1:00:00']);
    expect(lines[5]).toBe(
      'Note: Sessions that started in 2026-11-01 – 2026-11-30, Asia/Kolkata; durations of active sessions run to now.',
    );
    const csv = await run(
      'sessions',
      '--view',
      'condensed',
      ...november,
      '--format',
      'csv',
      '--user',
      'ANN@example.com',
    );
    expect(csv.out).toBe(
      `${BOM}Email,Program,Sessions,Active Sessions,Duration,Duration Seconds\nann@example.com,ElumTools,1,0,1:00:00,3600\n`,
    );
  });

  it('shows the full view as two sections and json', async () => {
    const text = await run('sessions', ...november, '--product', 'elumtools');
    expect(text.out).toContain('🟢 Active sessions (0) — started, newest first\n  (none)\n');
    expect(text.out).toContain('Closed sessions (2) — ended, newest first\n');
    expect(text.out).toMatch(/2026-11-02 16:10 +=cmd@example.com +ElumTools +24.1 +\+PC +26:05:05/);
    const json = JSON.parse((await run('sessions', ...november, '--format', 'json', '--limit', '1')).out);
    expect(json.totalClosed).toBe(2);
    expect(json.closed).toHaveLength(1);
    expect(json.closed[0]).toMatchObject({ userEmail: 'ann@example.com', durationSeconds: 3600 });
  });

  it('prints flags as tables and json', async () => {
    const text = await run('flags');
    expect(text.code).toBe(0);
    expect(text.out).toContain('Idle seats: no session in the last 30 days');
    expect(text.out).toContain('Under-used MUL pools: peak below seats over 28 days');
    const json = JSON.parse((await run('flags', '--format', 'json')).out);
    expect(json.thresholds).toEqual({ idleSeatDays: 30, poolWindowDays: 28, denialThreshold: 5, denialWindowDays: 7 });
    expect(Object.keys(json)).toEqual([
      'thresholds',
      'idleSeats',
      'underusedPools',
      'frequentDenials',
      'outdatedVersions',
    ]);
  });

  it('resets a product and undoes it', async () => {
    const reset = await run('reset', '--product', 'elum', '--by', 'admin@example.com');
    expect(reset.code).toBe(0);
    expect(reset.out).toMatch(
      /^Reset the counters of ElumTools \(1 license\) at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30 by admin@example.com \(reset #\d+\)\.\n/,
    );
    expect(reset.out).toContain('Programs report fresh data only after their second start-up or first renewal.');
    expect((await run('stats', '--format', 'csv', '--product', 'elum')).out).toContain('ELUMX…,0,0,0,0,0,0');
    const undo = await run('reset', '--undo', '--by', 'admin@example.com');
    expect(undo.out).toMatch(/^Undid reset #\d+ \(ElumTools, 1 license\) made by admin@example.com at /);
    expect((await run('stats', '--format', 'csv', '--product', 'elum')).out).toContain('ELUMX…,3,2,2,0,0,0');
  });

  it('explains bad input', async () => {
    const unknown = await run('stats', '--product', 'xyz');
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe(
      'No product "xyz". Products: AGi32, Toolbox, Photometric Power Tools, ElumTools, Licaso, Licaso Cloud.\n',
    );
    const ambiguous = await run('stats', '--product', 'lic');
    expect(ambiguous.err).toMatch(/^"lic" matches more than one product: Licaso, Licaso Cloud\. Type more of the name/);
    expect((await run('stats', '--product', 'licaso')).out).toContain('License stats: Licaso\n');
    expect((await run('stats', '--format', 'xml')).err).toMatch(/^--format must be one of text, csv, json/);
    const date = await run('sessions', '--from', '2026-02-30');
    expect([date.code, date.err]).toEqual([
      1,
      '"2026-02-30" is not a date for --from. Write it as YYYY-MM-DD, e.g. --from 2026-09-01.\n',
    ]);
    expect((await run('sessions', '--view', 'wide')).code).toBe(2);
    expect((await run('reset', '--all')).err).toMatch(/^--by must give the email/);
    expect((await run('reset', '--all', '--undo', '--by', 'a@b.c')).err).toMatch(/^Choose exactly one of/);
    expect((await run('flags', '--format', 'csv')).code).toBe(2);
  });
});
