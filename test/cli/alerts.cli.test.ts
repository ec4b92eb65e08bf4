import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLicbot } from '../helpers/cli.js';
import { FakeSlack } from '../helpers/fake-slack.js';
import { addEvents, addLicense, eventsOf, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const AT = '2026-11-28T12:00:00Z';

describe('licbot alerts check', () => {
  const db = useTestDatabase();
  const slack = new FakeSlack();
  let licaso: TestLicense;
  let elum: TestLicense;

  const cli = (argv: string[], env: Record<string, string> = {}) =>
    runLicbot(['alerts', ...argv], {
      DATABASE_URL: db().url,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      ADMINS: 'cli-alerts/slack:UCLIADM',
      ...env,
    });

  beforeAll(async () => {
    await slack.start();
    const account = await createDefaultAccount(db(), 'cli-alerts');
    await db().sql(
      `insert into role_assignment (account_id, platform, user_id, role, granted_by) values ($1, 'slack', 'UCLIMGR', 'manager', 'U1')`,
      [account.id],
    );
    licaso = await addLicense(db(), account, { product: 'Licaso', type: 'SUL', code: 'LICAS-SECRET' });
    await addEvents(db(), account.id, licaso, eventsOf('declined', 6, '2026-11-27T08:00:00Z', 'sue@x.com'));
    elum = await addLicense(db(), account, { product: 'ElumTools', type: 'MUL', seats: 2, expiresAt: '2026-12-05' });
    const quiet = await createDefaultAccount(db(), 'cli-nobody');
    await addEvents(
      db(),
      quiet.id,
      await addLicense(db(), quiet, { product: 'Toolbox', type: 'SUL', code: 'TOOLB-1' }),
      eventsOf('take_denied', 5, '2026-11-28T08:00:00Z'),
    );
  });
  afterAll(() => slack.stop());

  it('prints one line per alert with its figures and whom it reached, then nothing twice', async () => {
    const first = await cli(['check', '--account', 'cli-alerts', '--at', AT]);
    expect(first).toEqual({
      code: 0,
      err: '',
      out:
        'denials  Licaso SUL LICAS… (1 seat): 6 declined in the last 7 days, 1 user denied, suggest 1 extra seat → sent to slack:UCLIMGR\n' +
        `expiry.7 ElumTools MUL ${elum.acPrefix}… (2 seats) expires 2026-12-05, in 7 days → sent to slack:UCLIADM\n`,
    });
    expect(slack.api('chat.postMessage').map((c) => c.params.channel)).toEqual(['DCLIMGR', 'DCLIADM']);
    const again = await cli(['check', '--account', 'cli-alerts', '--at', AT]);
    expect(again.out).toBe('No alerts due for "cli-alerts" as of 2026-11-28T12:00:00.000Z.\n');
    // A day later the denials are still there and repeat; the 7-day reminder stays sent.
    const nextDay = await cli(['check', '--account', 'cli-alerts', '--at', '2026-11-29T12:00:00Z']);
    expect(nextDay.out).toBe(
      'denials  Licaso SUL LICAS… (1 seat): 6 declined in the last 7 days, 1 user denied, suggest 1 extra seat → sent to slack:UCLIMGR\n',
    );
    const expiryOnly = await cli([
      'check',
      '--account',
      'cli-alerts',
      '--kind',
      'expiry',
      '--at',
      '2026-12-04T12:00:00Z',
    ]);
    expect(expiryOnly.out).toMatch(/^expiry\.1 ElumTools .* expires 2026-12-05, in 1 day → sent to slack:UCLIADM\n$/);
  });

  it('says why an alert reached nobody', async () => {
    const result = await cli(['check', '--account', 'cli-nobody', '--kind', 'denials', '--at', AT], {
      SLACK_BOT_TOKEN: '',
    });
    expect(result.code).toBe(0);
    expect(result.err).toBe('SLACK_BOT_TOKEN is not set: alerts cannot reach anyone on Slack.\n');
    expect(result.out).toMatch(
      /^denials {2}Toolbox SUL TOOLB… \(1 seat\): 5 declined in the last 7 days, 1 user denied, suggest 1 extra seat → reached nobody: no managers or admins: grant the manager role with \/licstats managers add @user\n$/,
    );
  });

  it('rejects a wrong subcommand, kind or instant', async () => {
    expect((await cli(['run'])).code).toBe(2);
    const kind = await cli(['check', '--kind', 'weekly']);
    expect(kind.code).toBe(2);
    expect(kind.err).toContain('--kind must be one of denials, expiry, all (got "weekly").');
    expect((await cli(['check', '--at', 'yesterday'])).err).toBe(
      '"yesterday" is not an instant for --at. Write it as ISO 8601 with its offset, e.g. --at 2026-09-01T09:00:00Z.\n',
    );
    // `new Date('1')` is 2001-01-01: a bare number is no instant, and year 1 is out of range.
    expect((await cli(['check', '--at', '1'])).err).toContain('"1" is not an instant for --at.');
    expect((await cli(['check', '--at', '0001-01-01T00:00:00Z'])).err).toContain(
      '"0001-01-01" is out of range for --at: LicBot takes dates from 2000-01-01 to 2099-12-31.',
    );
  });
});
