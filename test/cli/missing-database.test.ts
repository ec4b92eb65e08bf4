import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { runLicbot } from '../helpers/cli.js';
import { databaseUrl, TEST_DATABASE_URL } from '../helpers/services.js';
import { admin } from '../helpers/test-database.js';

const exists = (name: string) =>
  admin(async (c) => (await c.query('select 1 from pg_database where datname = $1', [name])).rowCount === 1);

describe('a DATABASE_URL naming a missing database', () => {
  const missing = `licbot_missing_${randomBytes(5).toString('hex')}`;
  const empty = `licbot_empty_${randomBytes(5).toString('hex')}`;
  const env = { DATABASE_URL: databaseUrl(TEST_DATABASE_URL, missing) };
  afterAll(async () => {
    await admin(async (c) => {
      await c.query(`drop database if exists ${missing} with (force)`);
      await c.query(`drop database if exists ${empty} with (force)`);
    });
  });

  it.each([
    ['stats'],
    ['sessions', '--from', '2026-11-01'],
    ['flags'],
    ['reset', '--all', '--by', 'admin@example.com'],
    ['account', 'list'],
    ['apikey', 'list'],
    ['link', 'slack', 'T0001'],
    ['subscriptions', 'list'],
    ['seed'],
  ])('licbot %s says so in one line, exits 1 and creates nothing', async (...argv) => {
    const result = await runLicbot(argv, env);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `The database "${missing}" does not exist on ${new URL(TEST_DATABASE_URL).host}. Create it with \`licbot migrate\` (or check DATABASE_URL).\n`,
    );
    expect(result.out).toBe('');
    expect(await exists(missing)).toBe(false);
  });

  it('an existing database without tables is told to migrate too, not shown a stack trace', async () => {
    await admin((c) => c.query(`create database ${empty}`));
    const result = await runLicbot(['stats'], { DATABASE_URL: databaseUrl(TEST_DATABASE_URL, empty) });
    expect([result.code, result.err]).toEqual([
      1,
      'The database has no LicBot tables yet. Create them with `licbot migrate`.\n',
    ]);
  });

  it('licbot migrate creates it, and then the other commands work', async () => {
    const migrated = await runLicbot(['migrate'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.out.split('\n')[0]).toBe(`Created database "${missing}".`);
    expect(await exists(missing)).toBe(true);
    const accounts = await runLicbot(['account', 'list'], env);
    expect([accounts.code, accounts.out]).toEqual([0, 'default\tDefault\tUTC\n']);
  });
});
