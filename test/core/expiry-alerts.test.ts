import { describe, expect, it } from 'vitest';
import { runExpiryAlerts } from '../../src/core/alerts/expiry-alerts.js';
import type { Account } from '../../src/db/entities/index.js';
import { useAlertsHarness } from '../helpers/alerts-harness.js';
import { addLicense } from '../helpers/fixtures.js';
import { buttons, type SlackMessage } from '../helpers/slack-blocks.js';
import { createDefaultAccount } from '../helpers/test-database.js';

const DAY = 86_400_000;
// 09:00 in New York on 2026-12-01, 35 days before 2027-01-05.
const START = new Date('2026-12-01T14:00:00Z');
const dayAt = (n: number) => new Date(START.getTime() + n * DAY);

describe('expiry alerts', () => {
  const { slack, db, deps } = useAlertsHarness('exp-walk/slack:UEXPADM,exp-catch/slack:UCATCH');

  const run = (account: Account, now: Date) => runExpiryAlerts(deps(), account, now);

  const postsTo = (user: string, since = 0): SlackMessage[] =>
    slack.calls
      .slice(since)
      .filter((c) => c.kind === 'api' && c.name === 'chat.postMessage' && c.params.channel === `D${user.slice(1)}`)
      .map((c) => ({
        text: String(c.params.text),
        blocks: typeof c.params.blocks === 'string' ? JSON.parse(c.params.blocks) : c.params.blocks,
      })) as SlackMessage[];

  it('tells the admins 30, 7 and 1 days before and on the day, each once, walking 35 days', async () => {
    const account = await createDefaultAccount(db(), 'exp-walk', 'America/New_York');
    await db().sql(
      `insert into role_assignment (account_id, platform, user_id, role, granted_by) values ($1, 'slack', 'UEXPMGR', 'manager', 'U1')`,
      [account.id],
    );
    const elum = await addLicense(db(), account, {
      product: 'ElumTools',
      type: 'MUL',
      seats: 3,
      expiresAt: '2027-01-05',
      code: 'ELUMW-SECRET-1',
    });
    const key = await addLicense(db(), account, {
      product: 'AGi32',
      type: 'HWK',
      expiresAt: '2027-01-05',
      code: 'AGIHW-SECRET-2',
    });
    await addLicense(db(), account, { product: 'Toolbox', type: 'SUL', expiresAt: '2027-03-01' });

    const sentOn: Record<string, string[]> = {};
    for (let day = 0; day <= 37; day++) {
      // Twice a day: the second check of a day finds its stage claimed.
      for (const hour of [0, 9]) {
        const now = new Date(dayAt(day).getTime() + hour * 3_600_000);
        for (const o of await run(account, now)) {
          expect(o).toMatchObject({ status: 'sent', recipients: ['slack:UEXPADM'] });
          sentOn[`day ${day}`] = [...(sentOn[`day ${day}`] ?? []), `${o.rule} ${o.subject}`];
        }
      }
    }
    // Catalogue order within a day: AGi32 before ElumTools.
    const both = (rule: string) => [`${rule} license:${key.id}:2027-01-05`, `${rule} license:${elum.id}:2027-01-05`];
    expect(sentOn).toEqual({
      'day 5': both('expiry.30'),
      'day 28': both('expiry.7'),
      'day 34': both('expiry.1'),
      'day 35': both('expiry.0'),
    });
    expect(postsTo('UEXPMGR')).toEqual([]);
    const messages = postsTo('UEXPADM');
    expect(messages.map((m) => m.blocks[0]?.text?.text)).toEqual([
      'License expires in 30 days: AGi32',
      'License expires in 30 days: ElumTools',
      'License expires in 7 days: AGi32',
      'License expires in 7 days: ElumTools',
      'License expires in 1 day: AGi32',
      'License expires in 1 day: ElumTools',
      'License expires today: AGi32',
      'License expires today: ElumTools',
    ]);
    expect(messages[3]?.blocks[1]?.text?.text).toBe('ElumTools MUL ELUMW… (3 seats) expires on 2027-01-05, in 7 days.');
    expect(messages[6]?.blocks[1]?.text?.text).toBe(
      'AGi32 HWK AGIHW… (1 seat) expires today, 2027-01-05: from tomorrow it can no longer be used.',
    );
    expect(JSON.stringify(messages)).not.toContain('SECRET');
    expect(buttons(messages[1]!)[0]).toMatchObject({
      value: JSON.stringify({ command: 'licstats', text: 'ElumTools' }),
    });
    const log = await db().sql<{ rule: string; status: string; details: Record<string, unknown> }>(
      'select rule, status, details from alert_log where account_id = $1 and subject like $2 order by id',
      [account.id, `license:${elum.id}:%`],
    );
    expect(log.map((r) => [r.rule, r.status, r.details.daysLeft])).toEqual([
      ['expiry.30', 'sent', 30],
      ['expiry.7', 'sent', 7],
      ['expiry.1', 'sent', 1],
      ['expiry.0', 'sent', 0],
    ]);

    // Renewed for a year: the new date gets its own reminders, the old ones stay sent.
    await db().sql(`update license set expires_at = '2028-01-05' where id = $1`, [elum.id]);
    expect(await run(account, dayAt(36))).toEqual([]);
    const renewed = await run(account, new Date('2027-12-06T14:00:00Z'));
    expect(renewed.map((o) => `${o.rule} ${o.subject}`)).toEqual([`expiry.30 license:${elum.id}:2028-01-05`]);
  });

  it('counts days in the account zone and catches up a missed stage, never an earlier one', async () => {
    const account = await createDefaultAccount(db(), 'exp-catch', 'America/New_York');
    const lic = await addLicense(db(), account, { product: 'Licaso', type: 'SUL', expiresAt: '2027-01-10' });
    const rules = async (iso: string) => (await run(account, new Date(iso))).map((o) => o.rule);

    // First check 5 days before: the 7-day reminder, late; the 30-day one is never sent.
    expect(await rules('2027-01-05T15:00:00Z')).toEqual(['expiry.7']);
    expect(await rules('2027-01-07T15:00:00Z')).toEqual([]);
    // 03:00Z on the 10th is still the 9th in New York: 1 day left.
    expect(await rules('2027-01-10T03:00:00Z')).toEqual(['expiry.1']);
    expect(await rules('2027-01-10T04:59:00Z')).toEqual([]);
    expect(await rules('2027-01-10T05:00:00Z')).toEqual(['expiry.0']);
    // Expired: nothing more.
    expect(await rules('2027-01-11T15:00:00Z')).toEqual([]);
    // The late 7-day reminder says how many days are really left.
    expect(postsTo('UCATCH').map((m) => m.blocks[0]?.text?.text)).toEqual([
      'License expires in 5 days: Licaso',
      'License expires in 1 day: Licaso',
      'License expires today: Licaso',
    ]);
    const [first] = postsTo('UCATCH');
    expect(first?.blocks[1]?.text?.text).toBe(`Licaso SUL ${lic.acPrefix}… (1 seat) expires on 2027-01-10, in 5 days.`);
  });

  it('sends one reminder when two replicas check at once, and logs one with no admins', async () => {
    const account = await createDefaultAccount(db(), 'exp-race');
    await db().sql(
      `insert into role_assignment (account_id, platform, user_id, role, granted_by) values ($1, 'slack', 'UEXRACE', 'admin', 'U1')`,
      [account.id],
    );
    await addLicense(db(), account, { product: 'Toolbox', type: 'MUL', seats: 2, expiresAt: '2027-01-08' });
    const now = new Date('2027-01-01T12:00:00Z');
    const results = await Promise.all([run(account, now), run(account, now), run(account, now)]);
    expect(results.flat().map((o) => [o.rule, o.status])).toEqual([['expiry.7', 'sent']]);
    expect(postsTo('UEXRACE')).toHaveLength(1);

    const lonely = await createDefaultAccount(db(), 'exp-lonely');
    await addLicense(db(), lonely, { product: 'Toolbox', type: 'SUL', expiresAt: '2027-01-01' });
    expect(await run(lonely, now)).toEqual([
      expect.objectContaining({
        rule: 'expiry.0',
        status: 'undelivered',
        reason: 'no admins: add one to the ADMINS setting',
      }),
    ]);
  });
});
