import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runLicbot } from '../helpers/cli.js';
import { addLicense, addSession } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const dir = mkdtempSync(join(tmpdir(), 'licbot-roundtrip-'));

/** Whole days before the real now, so the sessions are in the default 3-month window on any day. */
const DAY = Math.floor(Date.now() / 86_400_000) * 86_400_000 - 5 * 86_400_000;
const t = (seconds: number) => new Date(DAY + seconds * 1000).toISOString();

describe("importing LicBot's own full-view export", () => {
  const db = useTestDatabase();
  const env = () => ({ NODE_ENV: 'test', DATABASE_URL: db().url });
  const exportCsv = async (account: string) => {
    const run = await runLicbot(['sessions', '--account', account, '--format', 'csv'], env());
    expect(run).toMatchObject({ code: 0, err: '' });
    return run.out;
  };
  const importCsv = async (account: string, csv: string) => {
    const path = join(dir, `${account}-${Math.random().toString(36).slice(2)}.csv`);
    writeFileSync(path, csv);
    const run = await runLicbot(['import', 'sessions', path, '--account', account], env());
    expect(run.err).toBe('');
    return run.out.trimEnd().split('\n').slice(1);
  };

  beforeAll(async () => {
    const source = await createDefaultAccount(db(), 'source');
    const target = await createDefaultAccount(db(), 'target');
    const license = await addLicense(db(), source, { product: 'AGi32', type: 'MUL', seats: 5 });
    await addLicense(db(), target, { product: 'AGi32', type: 'MUL', seats: 5 });
    const add = (user: string, machine: string, start: number, end: number | null) =>
      addSession(db(), source.id, license, {
        user,
        machine,
        version: '20.1',
        start: t(start),
        end: end === null ? null : t(end),
      });
    // Three distinct sessions of one user, program and machine started in the same second.
    await add('ana@example.com', 'WS-01', 3600, 3600 + 600);
    await add('ana@example.com', 'WS-01', 3600, 3600 + 1800);
    await add('ana@example.com', 'WS-01', 3600, 3600 + 1800);
    // Values a spreadsheet would run as formulas: the export guards them with a quote.
    await add('-1+1@example.com', '=HYPERLINK("http://x")', 7200, 7260);
    await add('bo@example.com', '+WS-02', 7200, 7300);
    await add('bo@example.com', '@SUM(A1)', 7200, 7400);
    await add('bo@example.com', '-WS-03', 7200, 7500);
    await add('bo@example.com', "'quoted", 7200, 7600);
    await add('bo@example.com', "'=quoted", 7200, 7700);
    // Sub-second times, as the event API stores them.
    await add('cy@example.com', 'WS-04', 10_000.25, 10_100.75);
  });

  it('stores every distinct session, strips the formula guard, and exports the same file again', async () => {
    const exported = await exportCsv('source');
    expect(exported).toContain(`'=HYPERLINK(""http://x"")`);
    expect(exported).toContain(`'-1+1@example.com`);
    expect(exported).toContain(`,''=quoted,`);
    expect(await importCsv('target', exported)).toEqual([
      '  stored: 10 (10 closed)',
      '  updated: 0',
      '  skipped as duplicates: 0',
    ]);
    expect(await exportCsv('target')).toBe(exported);
    const stored = await db().sql(
      `select s.user_email, s.machine, s.started_at, s.ended_at from session s join account a on a.id = s.account_id
        where a.slug = 'target' order by s.started_at, s.ended_at, s.machine`,
    );
    expect(stored.map((s) => [s.user_email, s.machine, s.ended_at.getTime() - s.started_at.getTime()])).toEqual([
      ['ana@example.com', 'WS-01', 600_000],
      ['ana@example.com', 'WS-01', 1_800_000],
      ['ana@example.com', 'WS-01', 1_800_000],
      ['-1+1@example.com', '=HYPERLINK("http://x")', 60_000],
      ['bo@example.com', '+WS-02', 100_000],
      ['bo@example.com', '@SUM(A1)', 200_000],
      ['bo@example.com', '-WS-03', 300_000],
      ['bo@example.com', "'quoted", 400_000],
      ['bo@example.com', "'=quoted", 500_000],
      // The export has whole seconds: the end at its second, the duration rounded (100.5 s → 101 s).
      ['cy@example.com', 'WS-04', 101_000],
    ]);

    expect(await importCsv('target', exported)).toEqual([
      '  stored: 0',
      '  updated: 0',
      '  skipped as duplicates: 10 (10 closed)',
    ]);
    expect(await exportCsv('target')).toBe(exported);
  });
});
