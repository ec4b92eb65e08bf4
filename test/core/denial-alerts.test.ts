import { describe, expect, it } from 'vitest';
import { claimAlert, readAlertMemory } from '../../src/core/alerts/alert-claims.js';
import { runDenialAlerts } from '../../src/core/alerts/denial-alerts.js';
import type { Account } from '../../src/db/entities/index.js';
import { useAlertsHarness } from '../helpers/alerts-harness.js';
import { addEvents, addLicense, addSession, eventsOf, type TestEvent } from '../helpers/fixtures.js';
import { allBlocks, buttons, codeTables, contextTexts, type SlackMessage } from '../helpers/slack-blocks.js';
import { createDefaultAccount } from '../helpers/test-database.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const HOUR = 3600_000;
const later = (ms: number) => new Date(NOW.getTime() + ms);

describe('denial alerts', () => {
  const { slack, db, deps } = useAlertsHarness(
    'den-main/slack:UCFGADM,den-admins/slack:UCFGADM2,den-nobody/teams:TEAMSADM',
  );

  const run = (account: Account, now: Date) => runDenialAlerts(deps(), account, now);

  /** The DMs posted from call index `since` on, by the user they went to. */
  function dms(since: number): Map<string, SlackMessage[]> {
    const opened = slack.calls.slice(since).filter((c) => c.kind === 'api' && c.name === 'conversations.open');
    const posts = slack.calls.slice(since).filter((c) => c.kind === 'api' && c.name === 'chat.postMessage');
    const byUser = new Map<string, SlackMessage[]>();
    for (const open of opened) {
      const user = String(open.params.users);
      const channel = `D${user.replace(/^U/, '')}`;
      const messages = posts
        .filter((p) => p.params.channel === channel)
        .map((p) => ({
          text: String(p.params.text),
          blocks: typeof p.params.blocks === 'string' ? JSON.parse(p.params.blocks) : p.params.blocks,
          attachments:
            typeof p.params.attachments === 'string' ? JSON.parse(p.params.attachments) : p.params.attachments,
        }));
      byUser.set(user, messages as SlackMessage[]);
    }
    return byUser;
  }

  const grant = (account: Account, userId: string, role: 'manager' | 'admin', createdAt: string) =>
    db().sql(
      `insert into role_assignment (account_id, platform, user_id, role, granted_by, created_at)
       values ($1, 'slack', $2, $3, 'UBOSS', $4)`,
      [account.id, userId, role, createdAt],
    );

  const alertLog = (account: Account) =>
    db().sql<{ rule: string; subject: string; status: string; recipients: string[]; details: Record<string, unknown> }>(
      'select rule, subject, status, recipients, details from alert_log where account_id = $1 order by id',
      [account.id],
    );

  /** A SUL license with `count` declines by one user, each a minute apart from `at`. */
  async function declinedLicense(account: Account, count: number, at = '2026-11-28T08:00:00Z') {
    const license = await addLicense(db(), account, { product: 'Licaso', type: 'SUL' });
    await addEvents(db(), account.id, license, eventsOf('declined', count, at, 'sue@x.com'));
    return license;
  }

  it('sends each manager a DM with the figures, and logs it', async () => {
    const account = await createDefaultAccount(db(), 'den-main', 'Europe/Berlin');
    await grant(account, 'UMGR1', 'manager', '2026-01-01T00:00:00Z');
    await grant(account, 'UMGR2', 'manager', '2026-01-02T00:00:00Z');
    const code = 'ELUMX-SECRET-CODE-1234';
    const elum = await addLicense(db(), account, { product: 'ElumTools', type: 'MUL', seats: 3, code });
    const events: TestEvent[] = [
      { mode: 'declined', at: '2026-11-21T11:59:59Z', user: 'ann@x.com' }, // a second before the window
      { mode: 'declined', at: '2026-11-21T12:00:00Z', user: 'ann@x.com' },
      { mode: 'declined', at: '2026-11-25T10:05:00Z', user: 'bob@x.com' },
      { mode: 'declined', at: '2026-11-25T10:20:00Z', user: 'cy@x.com' },
      { mode: 'declined', at: '2026-11-25T10:50:00Z', user: 'dan@x.com' },
      { mode: 'declined', at: '2026-11-27T09:00:00Z', user: 'ann@x.com' },
      { mode: 'declined', at: '2026-11-27T09:10:00Z', user: 'ann@x.com' },
      { mode: 'declined', at: '2026-11-27T09:20:00Z', user: 'bob@x.com' },
      { mode: 'full', at: '2026-11-27T09:30:00Z', user: 'eve@x.com' },
    ];
    await addEvents(db(), account.id, elum, events);
    // Three at once from 10:00Z on the 25th: the pool was full.
    await addSession(db(), account.id, elum, {
      user: 'ann@x.com',
      start: '2026-11-25T09:00:00Z',
      end: '2026-11-25T11:00:00Z',
    });
    await addSession(db(), account.id, elum, {
      user: 'eve@x.com',
      start: '2026-11-25T09:30:00Z',
      end: '2026-11-25T12:00:00Z',
    });
    await addSession(db(), account.id, elum, {
      user: 'fay@x.com',
      start: '2026-11-25T10:00:00Z',
      end: '2026-11-25T10:30:00Z',
    });
    // A hardware key has no usage data: declines recorded on it never alert.
    const hwk = await addLicense(db(), account, { product: 'Toolbox', type: 'HWK' });
    await addEvents(db(), account.id, hwk, eventsOf('declined', 9, '2026-11-27T00:00:00Z'));

    const since = slack.calls.length;
    const outcomes = await run(account, NOW);

    expect(outcomes).toEqual([
      expect.objectContaining({
        rule: 'denials',
        subject: `license:${elum.id}`,
        status: 'sent',
        recipients: ['slack:UMGR1', 'slack:UMGR2'],
      }),
    ]);
    expect(outcomes[0]?.reason).toBeUndefined();
    const sent = dms(since);
    expect([...sent.keys()]).toEqual(['UMGR1', 'UMGR2']);
    for (const [, [message, ...others]] of sent) {
      expect(others).toEqual([]);
      const m = message!;
      expect(JSON.stringify(m)).not.toContain(code);
      expect(m.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Frequent denials: ElumTools' } });
      expect(m.blocks[1]?.text?.text).toBe(
        'ElumTools MUL ELUMX… (3 seats): 7 declined in the last 7 days (threshold 5).\n' +
          'Peak concurrent use: 3 of 3 seats (first reached 2026-11-25 11:00).\n' +
          '4 people turned away. Suggested: 3 extra seats, the most people denied within one hour.',
      );
      expect(codeTables(m)).toEqual([
        [
          ['User', 'Declined'],
          ['ann@x.com', '3'],
          ['bob@x.com', '2'],
          ['cy@x.com', '1'],
          ['dan@x.com', '1'],
        ],
      ]);
      expect(contextTexts(m)).toContain('ℹ️ Window: 2026-11-21 13:00 – 2026-11-28 13:00 (Europe/Berlin).');
      expect(buttons(m)).toEqual([
        expect.objectContaining({
          text: { type: 'plain_text', text: 'Send CSV' },
          value: JSON.stringify({ command: 'sessions', text: 'ElumTools from 2026-11-21 to 2026-11-28 csv' }),
        }),
      ]);
    }
    expect(await alertLog(account)).toEqual([
      {
        rule: 'denials',
        subject: `license:${elum.id}`,
        status: 'sent',
        recipients: ['slack:UMGR1', 'slack:UMGR2'],
        details: {
          product: 'ElumTools',
          licenseId: elum.id,
          acPrefix: 'ELUMX',
          type: 'MUL',
          seats: 3,
          declined: 7,
          threshold: 5,
          windowDays: 7,
          from: '2026-11-21T12:00:00.000Z',
          to: '2026-11-28T12:00:00.000Z',
          peakConcurrent: 3,
          peakAt: '2026-11-25T10:00:00.000Z',
          deniedUsers: 4,
          users: ['ann@x.com', 'bob@x.com', 'cy@x.com', 'dan@x.com'],
          suggestedExtraSeats: 3,
          because: 'first',
        },
      },
    ]);
  });

  it('stays quiet within 24 hours, fires again once the count doubles, and again after 24 hours', async () => {
    const account = await createDefaultAccount(db(), 'den-repeat');
    await grant(account, 'UREP', 'manager', '2026-01-01T00:00:00Z');
    const licaso = await declinedLicense(account, 5);
    const sentAt = async (now: Date) => {
      const since = slack.calls.length;
      const outcomes = await run(account, now);
      return { outcomes, posts: dms(since).get('UREP')?.length ?? 0 };
    };

    expect((await sentAt(NOW)).posts).toBe(1);
    expect(await sentAt(later(HOUR))).toEqual({ outcomes: [], posts: 0 });
    await addEvents(db(), account.id, licaso, eventsOf('declined', 4, '2026-11-28T13:30:00Z', 'tom@x.com'));
    // 9 < 2 × 5: not yet.
    expect(await sentAt(later(2 * HOUR))).toEqual({ outcomes: [], posts: 0 });
    await addEvents(db(), account.id, licaso, eventsOf('declined', 1, '2026-11-28T14:10:00Z', 'tom@x.com'));
    const doubled = await sentAt(later(2.5 * HOUR));
    expect(doubled.posts).toBe(1);
    expect(doubled.outcomes[0]?.details).toMatchObject({ declined: 10, because: 'doubled', previousValue: 5 });
    expect(await sentAt(later(3 * HOUR))).toEqual({ outcomes: [], posts: 0 });
    expect(await sentAt(later(26.5 * HOUR - 1000))).toEqual({ outcomes: [], posts: 0 });
    const nextDay = await sentAt(later(26.5 * HOUR));
    expect(nextDay.posts).toBe(1);
    expect(nextDay.outcomes[0]?.details).toMatchObject({
      declined: 10,
      because: 'repeat_after_24h',
      previousValue: 10,
    });
    expect((await alertLog(account)).map((r) => r.details.because)).toEqual(['first', 'doubled', 'repeat_after_24h']);
  });

  it('tells the admins (config and chat) when the account has no managers, naming at most 10 users', async () => {
    const account = await createDefaultAccount(db(), 'den-admins');
    await grant(account, 'UCHATADM', 'admin', '2026-01-01T00:00:00Z');
    const license = await addLicense(db(), account, { product: 'Toolbox', type: 'SUL' });
    const users = Array.from({ length: 12 }, (_, i) => `user${String(i + 1).padStart(2, '0')}@x.com`);
    await addEvents(
      db(),
      account.id,
      license,
      users.map((user, i) => ({ mode: 'take_denied', at: `2026-11-27T0${Math.floor(i / 4)}:1${i % 4}:00Z`, user })),
    );
    const since = slack.calls.length;
    const [outcome] = await run(account, NOW);
    expect(outcome).toMatchObject({ status: 'sent', recipients: ['slack:UCFGADM2', 'slack:UCHATADM'] });
    const message = dms(since).get('UCFGADM2')![0]!;
    const [table] = codeTables(message);
    expect(table?.slice(1).map((row) => row[0])).toEqual(users.slice(0, 10));
    expect(allBlocks(message).find((b) => b.type === 'context')?.elements?.[0]).toMatchObject({ text: '…and 2 more.' });
    expect(message.blocks[1]?.text?.text).toBe(
      'Toolbox SUL ' +
        `${license.acPrefix}… (1 seat): 12 declined in the last 7 days (threshold 5).\n` +
        '12 people turned away. Suggested: 4 extra seats, the most people denied within one hour.',
    );
  });

  it('logs the alert as undelivered when nobody can receive it', async () => {
    const account = await createDefaultAccount(db(), 'den-none');
    const license = await declinedLicense(account, 6);
    const since = slack.calls.length;
    expect(await run(account, NOW)).toEqual([
      expect.objectContaining({
        status: 'undelivered',
        recipients: [],
        reason: 'no managers or admins: grant the manager role with /licstats managers add @user',
      }),
    ]);
    expect(slack.calls.length).toBe(since);
    const [row] = await alertLog(account);
    expect(row).toMatchObject({ subject: `license:${license.id}`, status: 'undelivered', recipients: [] });
    expect(row?.details).toMatchObject({ declined: 6, reason: expect.stringMatching(/^no managers or admins/) });

    // An admin only on a platform this install does not deliver to.
    const teamsOnly = await createDefaultAccount(db(), 'den-nobody');
    await declinedLicense(teamsOnly, 5);
    const [outcome] = await run(teamsOnly, NOW);
    expect(outcome).toMatchObject({
      status: 'undelivered',
      reason: 'no delivery adapter for their platform: teams:TEAMSADM (LicBot has no teams delivery configured)',
    });
  });

  it('still reaches the other managers when Slack refuses one DM', async () => {
    const account = await createDefaultAccount(db(), 'den-refused');
    await grant(account, 'UGONE', 'manager', '2026-01-01T00:00:00Z');
    await grant(account, 'USTAY', 'manager', '2026-01-02T00:00:00Z');
    await declinedLicense(account, 5);
    slack.inject('conversations.open', { error: 'user_not_found' });
    const since = slack.calls.length;
    const [outcome] = await run(account, NOW);
    expect(outcome).toMatchObject({ status: 'sent', recipients: ['slack:USTAY'] });
    expect(outcome?.reason).toMatch(/^not reached: slack:UGONE \(user_not_found: /);
    expect(dms(since).get('USTAY')).toHaveLength(1);
    const [row] = await alertLog(account);
    expect(row).toMatchObject({ status: 'sent', recipients: ['slack:USTAY'] });
    expect(row?.details.misses).toEqual([
      { to: 'slack:UGONE', kind: 'refused', problem: expect.stringContaining('user_not_found') },
    ]);

    // Every DM refused: undelivered, not failed (no retry can help).
    const alone = await createDefaultAccount(db(), 'den-refused-all');
    await grant(alone, 'UGONE2', 'manager', '2026-01-01T00:00:00Z');
    await declinedLicense(alone, 5);
    slack.inject('conversations.open', { error: 'user_not_found' });
    expect((await run(alone, NOW))[0]).toMatchObject({
      status: 'undelivered',
      reason: expect.stringMatching(/^every send refused: slack:UGONE2 \(user_not_found/),
    });
  });

  it('gives the claim back when sending failed, so the next check sends it', async () => {
    const account = await createDefaultAccount(db(), 'den-failed');
    await grant(account, 'UFAIL', 'manager', '2026-01-01T00:00:00Z');
    await declinedLicense(account, 5);
    slack.inject('chat.postMessage', { status: 500 });
    const [failed] = await run(account, NOW);
    expect(failed).toMatchObject({ status: 'failed', recipients: [] });
    expect(failed?.reason).toMatch(/^sending failed: slack:UFAIL/);
    const [retried] = await run(account, later(15 * 60_000));
    expect(retried).toMatchObject({ status: 'sent', recipients: ['slack:UFAIL'] });
    expect((await alertLog(account)).map((r) => r.status)).toEqual(['failed', 'sent']);
  });

  it('sends nothing for an account with alerts off', async () => {
    const account = await createDefaultAccount(db(), 'den-off');
    await grant(account, 'UOFF', 'manager', '2026-01-01T00:00:00Z');
    await db().sql('update account set alerts_enabled = false where id = $1', [account.id]);
    account.alertsEnabled = false;
    await declinedLicense(account, 20);
    const since = slack.calls.length;
    expect(await run(account, NOW)).toEqual([]);
    expect(slack.calls.length).toBe(since);
    expect(await db().sql('select * from alert_state where account_id = $1', [account.id])).toEqual([]);
  });

  it('sends once when two replicas evaluate the same moment', async () => {
    const account = await createDefaultAccount(db(), 'den-race');
    await grant(account, 'URACE', 'manager', '2026-01-01T00:00:00Z');
    await declinedLicense(account, 5);
    const since = slack.calls.length;
    const results = await Promise.all([run(account, NOW), run(account, NOW), run(account, NOW)]);
    expect(results.flat()).toHaveLength(1);
    expect(dms(since).get('URACE')).toHaveLength(1);
    expect(await alertLog(account)).toHaveLength(1);

    // The claim itself: of six that read the same state, one wins, first time and after.
    const key = { accountId: account.id, rule: 'denials', subject: 'license:claim-test' };
    const first = { lastFiredAt: NOW, lastValue: 5 };
    const claims = await Promise.all(Array.from({ length: 6 }, () => claimAlert(db().em(), key, undefined, first)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    const next = { lastFiredAt: later(HOUR), lastValue: 10 };
    const again = await Promise.all(Array.from({ length: 6 }, () => claimAlert(db().em(), key, first, next)));
    expect(again.filter(Boolean)).toHaveLength(1);
    expect(await readAlertMemory(db().em(), key)).toEqual(next);
  });
});
