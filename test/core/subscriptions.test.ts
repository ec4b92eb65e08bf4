import { beforeAll, describe, expect, it } from 'vitest';
import { createAccount } from '../../src/accounts/account.service.js';
import type { Account } from '../../src/db/entities/index.js';
import { codeTables, contextTexts, type SlackMessage } from '../helpers/slack-blocks.js';
import { slash } from '../helpers/slack-commands.js';
import { ADMIN, useSlackHarness } from '../helpers/slack-harness.js';
import { createDefaultAccount } from '../helpers/test-database.js';

// Tuesday: the default Monday post is next week's.
const NOW = new Date('2026-12-08T10:00:00Z');

/** The header and the section text of a reply. */
const titleOf = (m: SlackMessage) => m.blocks.find((b) => b.type === 'header')?.text?.text;
const textOf = (m: SlackMessage) => m.blocks.find((b) => b.type === 'section')?.text?.text;

describe('/licstats subscribe, subscriptions, pause, resume, unsubscribe', () => {
  const h = useSlackHarness({ now: () => NOW });
  const licstats = (text: string, channel?: string, user = ADMIN) => slash(h(), user, '/licstats', text, channel);
  let account: Account;
  const ids: Record<string, number> = {};

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default', 'Europe/Berlin');
  });

  async function subscriptionRows() {
    return h().db.sql(
      `select id, platform, target, target_name, weekday, time_of_day, time_zone, paused, created_by,
        deleted_at is not null as deleted from subscription where account_id = $1 order by id`,
      [account.id],
    );
  }

  it('subscribes the current channel on Monday 09:00 in the account zone by default', async () => {
    const reply = await licstats('subscribe weekly', 'C0GENERAL');
    expect(titleOf(reply)).toBe('Weekly report subscribed');
    const [row] = await subscriptionRows();
    ids.general = row?.id;
    expect(textOf(reply)).toBe(
      `Subscription ${ids.general}: <#C0GENERAL> gets the weekly report every Monday at 09:00 (Europe/Berlin).\nNext run: Mon 2026-12-14 09:00 (Europe/Berlin).`,
    );
    const notes = contextTexts(reply).join('\n');
    expect(notes).toContain(
      'LicBot must be a member of that channel to post there: if it is not, type /invite @LicBot in it.',
    );
    expect(notes).toContain('condensed session summary of the 7 days before the posting day');
    expect(notes).toContain('licenses expiring within 30 days, and the condensed CSV');
    expect(await subscriptionRows()).toEqual([
      {
        id: ids.general,
        platform: 'slack',
        target: 'C0GENERAL',
        target_name: null,
        weekday: 1,
        time_of_day: '09:00',
        time_zone: 'Europe/Berlin',
        paused: false,
        created_by: ADMIN,
        deleted: false,
      },
    ]);
  });

  it('takes channel, day, time and zone in any order', async () => {
    const reply = await licstats('subscribe weekly Asia/Kolkata 17:30 <#C0LIC|licenses> fri', 'C0GENERAL');
    const row = (await subscriptionRows()).at(-1);
    ids.licenses = row?.id;
    expect(row).toMatchObject({ target: 'C0LIC', target_name: 'licenses', weekday: 5, time_of_day: '17:30' });
    expect(row?.time_zone).toBe('Asia/Kolkata');
    // Tuesday 15:30 in Kolkata: Friday comes first.
    expect(textOf(reply)).toBe(
      `Subscription ${ids.licenses}: <#C0LIC> gets the weekly report every Friday at 17:30 (Asia/Kolkata).\nNext run: Fri 2026-12-11 17:30 (Asia/Kolkata).`,
    );
  });

  it('answers each bad word with a one-line reason and an example, and creates nothing', async () => {
    const before = (await subscriptionRows()).length;
    expect((await licstats('subscribe weekly funday')).text).toBe(
      '"funday" is not a day.\nUse mon, tue, wed, … sun, e.g. /licstats subscribe weekly mon 09:00',
    );
    expect((await licstats('subscribe weekly mon 25:00')).text).toBe(
      '"25:00" is not a time of day.\nUse 24-hour HH:MM, e.g. /licstats subscribe weekly mon 09:00 (or 17:30 for half past five).',
    );
    expect((await licstats('subscribe weekly mon 09:00 CET')).text).toBe(
      '"CET" is an abbreviation or old alias, not a time zone name.\nUse an IANA zone name such as Europe/Berlin, America/New_York, Asia/Kolkata or UTC, e.g. /licstats subscribe weekly mon 09:00 Europe/Berlin',
    );
    expect((await licstats('subscribe weekly #licenses')).text).toContain(
      "Pick the channel from Slack's # autocomplete",
    );
    expect((await licstats('subscribe monthly')).text).toContain('"monthly" is not a schedule');
    expect((await subscriptionRows()).length).toBe(before);
  });

  it('says so when the same channel and schedule is already subscribed', async () => {
    const before = await subscriptionRows();
    const reply = await licstats('subscribe weekly Mon 9:00 Europe/Berlin', 'C0GENERAL');
    expect(textOf(reply)).toBe(
      `<#C0GENERAL> already gets the weekly report every Monday at 09:00 (Europe/Berlin): subscription ${ids.general}. Nothing was changed.`,
    );
    expect(await subscriptionRows()).toEqual(before);
  });

  it('lists each subscription with its next run and the delivery with the greatest period key', async () => {
    await licstats('subscribe weekly <#C0OPS|ops> wed 08:00 UTC');
    await licstats('subscribe weekly <#C0DEV> sun 02:30');
    await licstats('subscribe weekly <#C0NEW|new> thu 12:00 UTC');
    const [, , ops, dev, fresh] = (await subscriptionRows()).map((r) => r.id as number);
    Object.assign(ids, { ops, dev, fresh });
    const deliver = (id: number | undefined, periodKey: string, status: string, error: string | null) =>
      h().db.sql(
        `insert into delivery (account_id, subscription_id, period_key, status, error, sent_at)
         values ($1, $2, $3, $4, $5, $6)`,
        [account.id, id, periodKey, status, error, status === 'sent' ? new Date(`${periodKey}T08:00:05Z`) : null],
      );
    await deliver(ids.general, '2026-11-23', 'failed', 'channel_not_found: the channel is gone');
    await deliver(ids.general, '2026-11-30', 'sent', null);
    const notInChannel = 'not_in_channel: LicBot is not a member of #licenses. Invite it with /invite @LicBot.';
    await deliver(ids.licenses, '2026-11-27', 'failed', notInChannel);
    await deliver(ids.ops, '2026-11-25', 'skipped', 'missed by more than 24 hours');
    await deliver(ids.dev, '2026-11-29', 'pending', null);
    expect((await licstats(`pause ${ids.ops}`)).text).toContain(`Paused subscription ${ids.ops}`);

    const reply = await licstats('subscriptions');
    expect(titleOf(reply)).toBe('Weekly report subscriptions');
    expect(codeTables(reply)[0]).toEqual([
      ['ID', 'Channel', 'Schedule', 'Zone', 'Next run', 'Last delivery'],
      [`${ids.general}`, 'C0GENERAL', 'mon 09:00', 'Europe/Berlin', 'Mon 2026-12-14 09:00', '2026-11-30 posted'],
      [
        `${ids.licenses}`,
        '#licenses',
        'fri 17:30',
        'Asia/Kolkata',
        'Fri 2026-12-11 17:30',
        '2026-11-27 failed: not_in_channel: LicBot is not a member …',
      ],
      [`${ids.ops}`, '#ops', 'wed 08:00', 'UTC', 'paused', '2026-11-25 skipped: missed by more than 24 hours'],
      [`${ids.dev}`, 'C0DEV', 'sun 02:30', 'Europe/Berlin', 'Sun 2026-12-13 02:30', '2026-11-29 posting'],
      [`${ids.fresh}`, '#new', 'thu 12:00', 'UTC', 'Thu 2026-12-10 12:00', '—'],
    ]);
    // The full reason of the failed post, with its hint, under the table.
    expect(contextTexts(reply)).toContain(`Subscription ${ids.licenses} could not post on 2026-11-27: ${notInChannel}`);
  });

  it('pauses, resumes and unsubscribes, keeping the delivery history of an unsubscribed one', async () => {
    expect((await licstats(`pause ${ids.ops}`)).text).toBe(
      `Already paused: subscription ${ids.ops} (<#C0OPS>, every Wednesday at 08:00 (UTC)).`,
    );
    expect((await licstats(`resume ${ids.ops}`)).text).toBe(
      `Resumed subscription ${ids.ops} (<#C0OPS>, every Wednesday at 08:00 (UTC)). Next run: Wed 2026-12-09 08:00 (UTC).`,
    );
    expect((await licstats(`resume ${ids.ops}`)).text).toContain('Not paused:');
    expect((await licstats(`unsubscribe ${ids.dev}`)).text).toBe(
      `Unsubscribed: subscription ${ids.dev} no longer posts the weekly report to <#C0DEV>.`,
    );
    const rows = await subscriptionRows();
    expect(rows.find((r) => r.id === ids.ops)?.paused).toBe(false);
    expect(rows.find((r) => r.id === ids.dev)?.deleted).toBe(true);
    expect(await h().db.sql('select status from delivery where subscription_id = $1', [ids.dev])).toEqual([
      { status: 'pending' },
    ]);
    const listed = codeTables(await licstats('subscriptions'))[0]?.map((r) => r[0]);
    expect(listed).toEqual(['ID', `${ids.general}`, `${ids.licenses}`, `${ids.ops}`, `${ids.fresh}`]);
    // Unsubscribed is gone for good: it answers like an id that never existed.
    expect((await licstats(`resume ${ids.dev}`)).text).toBe(
      `No subscription ${ids.dev} in this account.\nSee /licstats subscriptions.`,
    );
  });

  it("answers another account's subscription exactly like a missing one", async () => {
    const other = await createAccount(h().db.em(), { name: 'Other', slug: 'other' });
    const [theirs] = await h().db.sql<{ id: number }>(
      `insert into subscription (account_id, platform, target, weekday, time_of_day, time_zone, created_by)
       values ($1, 'slack', 'C0THEIRS', 1, '09:00', 'UTC', 'UOTHER') returning id`,
      [other.id],
    );
    for (const verb of ['pause', 'resume', 'unsubscribe']) {
      expect((await licstats(`${verb} ${theirs?.id}`)).text).toBe(
        `No subscription ${theirs?.id} in this account.\nSee /licstats subscriptions.`,
      );
      expect((await licstats(`${verb} 9999`)).text).toBe(
        'No subscription 9999 in this account.\nSee /licstats subscriptions.',
      );
    }
    expect(await h().db.sql('select paused, deleted_at from subscription where id = $1', [theirs?.id])).toEqual([
      { paused: false, deleted_at: null },
    ]);
    expect(codeTables(await licstats('subscriptions'))[0]?.flat()).not.toContain('C0THEIRS');
  });

  it('gives a usage error for an id that is not a number', async () => {
    // Slack's mrkdwn shows &lt;id&gt; as <id>; unescaped, <id> would be read as a link.
    expect((await licstats('pause abc')).text).toBe(
      '"abc" is not a subscription id.\nUsage: /licstats pause &lt;id&gt;, e.g. /licstats pause 3 (the IDs are in /licstats subscriptions).',
    );
    expect((await licstats('unsubscribe')).text).toContain('Say which subscription to unsubscribe.');
    expect((await licstats(`resume ${ids.ops} now`)).text).toContain('Unexpected "now".');
  });

  it('refuses a non-admin with the role message and changes nothing', async () => {
    const before = await subscriptionRows();
    for (const text of ['subscribe weekly', 'subscriptions', `pause ${ids.general}`, `unsubscribe ${ids.general}`]) {
      const verb = text.split(' ')[0];
      expect((await licstats(text, 'C0GENERAL', 'UNOBODY')).text).toBe(
        `/licstats ${verb} needs the admin role.\nIt is held by <@${ADMIN}>.`,
      );
    }
    expect(await subscriptionRows()).toEqual(before);
  });

  it('audits every change with who made it, and nothing for no-ops or refusals', async () => {
    const audit = await h().db.sql<{ actor: string; action: string; details: Record<string, unknown> }>(
      `select actor, action, details from audit_log where action like 'subscription.%' order by id`,
    );
    expect(audit.map((a) => [a.action, a.details.subscriptionId])).toEqual([
      ['subscription.create', ids.general],
      ['subscription.create', ids.licenses],
      ['subscription.create', ids.ops],
      ['subscription.create', ids.dev],
      ['subscription.create', ids.fresh],
      ['subscription.pause', ids.ops],
      ['subscription.resume', ids.ops],
      ['subscription.delete', ids.dev],
    ]);
    expect(new Set(audit.map((a) => a.actor))).toEqual(new Set([`slack:${ADMIN}`]));
    expect(audit[1]?.details).toEqual({
      subscriptionId: ids.licenses,
      platform: 'slack',
      target: 'C0LIC',
      targetName: 'licenses',
      weekday: 5,
      timeOfDay: '17:30',
      timeZone: 'Asia/Kolkata',
    });
  });

  it('lists the new commands in help', async () => {
    // A table block's raw_text cells are shown as typed: `<id>` needs no escaping there.
    const rows = codeTables(await licstats('help'))[0]?.map((r) => r[0]);
    expect(rows).toEqual(
      expect.arrayContaining([
        '/licstats subscribe weekly [#channel] [mon 09:00] [Europe/Berlin]',
        '/licstats unsubscribe <id>',
        '/licstats pause <id>',
        '/licstats resume <id>',
        '/licstats subscriptions',
        '/licstats alerts on|off [threshold N per D days]',
      ]),
    );
  });

  describe('/licstats alerts', () => {
    const settings = async () =>
      (
        await h().db.sql('select alerts_enabled, denial_threshold, denial_window_days from account where id = $1', [
          account.id,
        ])
      )[0];

    it('shows the settings and that admins get the alerts while there are no managers', async () => {
      const reply = await licstats('alerts');
      expect(titleOf(reply)).toBe('Denial alerts');
      expect(textOf(reply)).toBe(
        `Denial alerts are *on*.\nA direct message goes out when a license has 5 declined accesses within 7 days. There are no managers, so they go to the admins: <@${ADMIN}>.`,
      );
      expect(contextTexts(reply).join('\n')).toContain('Add managers with /licstats managers add @user.');
    });

    it('turns them off with a new threshold, audited with before and after', async () => {
      await licstats('managers add <@UMGR|mia>');
      const reply = await licstats('alerts off threshold 12 per 14 days');
      expect(textOf(reply)).toBe(
        'Denial alerts are now *off*.\nWhen on, a direct message goes out when a license has 12 declined accesses within 14 days. Sent to the managers: <@UMGR>.',
      );
      expect(await settings()).toEqual({ alerts_enabled: false, denial_threshold: 12, denial_window_days: 14 });
      expect(textOf(await licstats('alerts on'))).toContain(
        'Denial alerts are now *on*.\nA direct message goes out when a license has 12 declined accesses within 14 days.',
      );
      expect(textOf(await licstats('alerts on'))).toContain('Nothing changed: denial alerts already are *on*.');
      expect(textOf(await licstats('alerts threshold 1 in 1 day'))).toContain('has 1 declined access within 1 day.');
      const audit = await h().db.sql(`select actor, details from audit_log where action = 'alerts.update' order by id`);
      expect(audit).toEqual([
        {
          actor: `slack:${ADMIN}`,
          details: {
            before: { enabled: true, threshold: 5, windowDays: 7 },
            after: { enabled: false, threshold: 12, windowDays: 14 },
          },
        },
        {
          actor: `slack:${ADMIN}`,
          details: {
            before: { enabled: false, threshold: 12, windowDays: 14 },
            after: { enabled: true, threshold: 12, windowDays: 14 },
          },
        },
        {
          actor: `slack:${ADMIN}`,
          details: {
            before: { enabled: true, threshold: 12, windowDays: 14 },
            after: { enabled: true, threshold: 1, windowDays: 1 },
          },
        },
      ]);
    });

    it('refuses out-of-range numbers and unknown words with an example, changing nothing', async () => {
      const before = await settings();
      expect((await licstats('alerts on threshold 0')).text).toBe(
        '"0" is not a valid threshold (declined accesses): use a whole number from 1 to 10000.\nUsage: /licstats alerts on|off [threshold N per D days], e.g. /licstats alerts on threshold 5 per 7 days',
      );
      expect((await licstats('alerts on threshold 10001')).text).toContain('"10001" is not a valid threshold');
      expect((await licstats('alerts on threshold 5 per 91 days')).text).toContain(
        '"91" is not a valid number of days: use a whole number from 1 to 90.',
      );
      expect((await licstats('alerts on threshold five')).text).toContain('"five" is not a valid threshold');
      expect((await licstats('alerts maybe')).text).toContain('"maybe" is not on or off.');
      expect((await licstats('alerts on please')).text).toContain('Unexpected "please".');
      expect((await licstats('alerts off', 'C0GENERAL', 'UMGR')).text).toBe(
        `/licstats alerts needs the admin role.\nIt is held by <@${ADMIN}>.`,
      );
      expect(await settings()).toEqual(before);
    });
  });
});
