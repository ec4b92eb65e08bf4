import { beforeAll, describe, expect, it } from 'vitest';
import { runLicbot } from '../helpers/cli.js';
import { addLicense, addSession } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

/** What the admin sees for a bad argument: one reason naming the flag, never a stack trace. */
describe('licbot refuses bad arguments clearly', () => {
  const db = useTestDatabase();
  const run = (...argv: string[]) => runLicbot(argv, { DATABASE_URL: db().url });

  beforeAll(async () => {
    const account = await createDefaultAccount(db());
    const elum = await addLicense(db(), account, { product: 'ElumTools', type: 'MUL', seats: 2, code: 'ELUMX-1' });
    await addSession(db(), account.id, elum, {
      user: 'ann@example.com',
      start: '2026-11-03T00:00:00Z',
      end: '2026-11-03T01:00:00Z',
    });
  });

  const noStack = (text: string) => expect(text).not.toMatch(/failed unexpectedly|\n\s+at /);

  it('names the accepted range for a date far in the past, and never reads year 99 as 1999', async () => {
    const ancient = await run('sessions', '--from', '0001-01-01');
    expect([ancient.code, ancient.err]).toEqual([
      1,
      '"0001-01-01" is out of range for --from: LicBot takes dates from 2000-01-01 to 2099-12-31. Give a date in that range, e.g. --from 2026-09-01.\n',
    ]);
    const y99 = await run('sessions', '--from', '0099-11-01', '--to', '0099-11-30');
    expect(y99.code).toBe(1);
    expect(y99.err).toContain('"0099-11-01" is out of range for --from');
    const to = await run('sessions', '--to', '2100-01-01');
    expect(to.err).toContain('"2100-01-01" is out of range for --to');
    const bad = await run('sessions', '--from', 'yesterday');
    expect(bad.err).toBe('"yesterday" is not a date for --from. Write it as YYYY-MM-DD, e.g. --from 2026-09-01.\n');
    for (const r of [ancient, y99, to, bad]) noStack(r.err);
    // The window in range still works: ann's session of 2026-11-03 is in November.
    const november = await run('sessions', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'json');
    expect(JSON.parse(november.out).closed.map((s: { userEmail: string }) => s.userEmail)).toEqual(['ann@example.com']);
  });

  it('says what --limit takes instead of "argument is ambiguous"', async () => {
    const negative = await run('sessions', '--limit', '-5');
    expect(negative.code).toBe(2);
    expect(negative.err.split('\n')[0]).toBe('--limit must be a whole number ≥ 1 (got "-5").');
    expect((await run('sessions', '--limit', '0')).err.split('\n')[0]).toBe(
      '--limit must be a whole number ≥ 1 (got "0").',
    );
    // 1e2 is not read as 100, nor 2.0 as 2.
    expect((await run('sessions', '--limit', '1e2')).err.split('\n')[0]).toBe(
      '--limit must be a whole number ≥ 1 (got "1e2").',
    );
    expect((await run('sessions', '--limit=2.0')).err.split('\n')[0]).toBe(
      '--limit must be a whole number ≥ 1 (got "2.0").',
    );
    expect((await run('sessions', '--limit')).err.split('\n')[0]).toBe('--limit needs a value.');
    expect((await run('sessions', '--user', '--limit', '5')).err.split('\n')[0]).toBe(
      '--user needs a value before --limit.',
    );
    expect((await run('sessions', '--limit', '1', '--format', 'json')).code).toBe(0);
  });

  it('says --user takes an email address, and how it matches when nothing did', async () => {
    const name = await run('sessions', '--user', 'bob');
    expect([name.code, name.err]).toEqual([
      1,
      '--user takes an email address, and "bob" is not one. Give the whole address, e.g. --user ana@example.com.\n',
    ]);
    const nobody = await run('sessions', '--user', 'Bob@Example.com', '--from', '2026-11-01', '--to', '2026-11-30');
    expect(nobody.code).toBe(0);
    expect(nobody.out.trimEnd().split('\n').at(-1)).toBe(
      'No sessions of bob@example.com started in 2026-11-01 – 2026-11-30, UTC. --user matches the whole email address (in any case).',
    );
    const ann = await run('sessions', '--user', 'ANN@example.com', '--from', '2026-11-01', '--to', '2026-11-30');
    expect(ann.out).toContain('ann@example.com');
    expect(ann.out).not.toContain('No sessions');
  });

  it('suggests the flag meant by a mistyped one, or by a word without its dashes', async () => {
    const typo = await run('sessions', '--fro', '2026-11-01');
    expect([typo.code, typo.err.split('\n')[0]]).toEqual([2, 'Unknown option --fro. Did you mean --from?']);
    expect((await run('sessions', 'from', '2026-11-01')).err.split('\n')[0]).toBe(
      'Unexpected "from". Did you mean --from?',
    );
    expect((await run('reset', '--all=yes', '--by', 'a@b.co')).err.split('\n')[0]).toBe(
      '--all takes no value (write just --all).',
    );
  });

  it('checks every other number and instant the CLI takes', async () => {
    const first = (r: { err: string }) => r.err.split('\n')[0];
    expect(first(await run('report', 'weekly', '--subscription', '1e3'))).toBe(
      '--subscription must be a whole number from 1 to 2,147,483,647 (got "1e3"). It is the id shown by `licbot subscriptions list`.',
    );
    // Past PostgreSQL's int a lookup would fail in SQL with a stack trace.
    expect(first(await run('report', 'weekly', '--subscription', '99999999999'))).toContain(
      '--subscription must be a whole number from 1 to 2,147,483,647 (got "99999999999")',
    );
    // A timer longer than 2^31 ms fires at once: a day is the most.
    expect(first(await run('report', 'weekly', '--subscription', '1', '--timeout', '3000000'))).toBe(
      '--timeout must be a whole number from 1 to 86,400 (got "3000000").',
    );
    expect(first(await run('report', 'weekly', '--subscription', '1', '--date', '0026-11-30'))).toBe(
      '"0026-11-30" is out of range for --date: LicBot takes dates from 2000-01-01 to 2099-12-31. Give a date in that range, e.g. --date 2026-09-01.',
    );
    expect(first(await run('apikey', 'revoke', '0x1'))).toBe(
      'The key ID must be a whole number from 1 to 2,147,483,647 (got "0x1"). See licbot apikey list.',
    );
    expect(first(await run('seed', '--end', '0001-01-01'))).toContain('"0001-01-01" is out of range for --end');
    const revoked = await db().sql('select count(*)::int as n from api_key where revoked_at is not null');
    expect(revoked).toEqual([{ n: 0 }]);
  });
});

describe('licbot suggests the command meant by a typo', () => {
  it('uses the same suggestion as chat for commands and actions', async () => {
    const env = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/licbot_never_opened' };
    const sessons = await runLicbot(['sessons'], env);
    expect([sessons.code, sessons.err.split('\n')[0]]).toEqual([
      2,
      'Unknown command "sessons". Did you mean licbot sessions?',
    ]);
    expect((await runLicbot(['stat'], env)).err.split('\n')[0]).toBe(
      'Unknown command "stat". Did you mean licbot stats?',
    );
    // Nothing close: the list of commands follows, no guess.
    expect((await runLicbot(['frobnicate'], env)).err.split('\n')[0]).toBe('Unknown command "frobnicate".');
    expect((await runLicbot(['apikey', 'creat'], env)).err.split('\n')[0]).toBe(
      'Unknown apikey action "creat". Did you mean licbot apikey create?',
    );
    expect((await runLicbot(['account'], env)).err.split('\n')[0]).toBe('account needs an action: create, list.');
  });
});
