import type { Job } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AlertJob, denialAlertsProcessor } from '../../../jobs/denial-alerts.processor.js';
import { expiryAlertsProcessor } from '../../../jobs/expiry-alerts.processor.js';
import { createQueues, type Queues } from '../../../jobs/queues.js';
import { tickDuties } from '../../../jobs/schedule.js';
import { type StartedWorkers, startWorkerSet } from '../../../jobs/worker.js';
import type { Account } from '../../../src/db/entities/index.js';
import { createLogger } from '../../../src/logger.js';
import { addEvents, addLicense, addSession, eventsOf } from '../../helpers/fixtures.js';
import { botAddedToChannel, CHANNEL, personalConversation } from '../../helpers/teams-activity.js';
import { cardOf, cardTexts } from '../../helpers/teams-cards.js';
import { TEAMS_ADMIN, useTeamsHarness } from '../../helpers/teams-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

// Monday 2026-11-30 09:00 UTC: the weekly post covers Mon 23 – Sun 29 November.
const DUE = new Date('2026-11-30T09:00:00Z');
const clock = { now: new Date('2026-11-28T12:00:00Z') };
const MANAGER = 'aad-manager-0002';
const GONE = '19:gone@thread.tacv2';
const SLOT = '2026-11-28T12:15:00.000Z';
const alertJob = (queue: string, data: AlertJob) =>
  ({ id: `${queue}:${data.accountId}:${data.at}`, queueName: queue, data }) as unknown as Job<AlertJob>;

describe('Teams: reports and alerts posted proactively, once, and never where the bot was removed', () => {
  const h = useTeamsHarness({ now: () => clock.now, env: { FILE_LINK_TTL: '24h' } });
  let account: Account;
  let workers: StartedWorkers;
  let queues: Queues;
  const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
  const delivery = async (subscriptionId: number) =>
    (
      await h().db.sql<{ status: string; error: string | null; file_sent: boolean; message_ts: string | null }>(
        'select status, error, file_sent, message_ts from delivery where subscription_id = $1',
        [subscriptionId],
      )
    )[0];
  const waitFor = async (predicate: () => Promise<boolean> | boolean, ms = 15_000) => {
    const began = Date.now();
    while (!(await predicate())) {
      if (Date.now() - began > ms) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default', 'UTC');
    const elum = await addLicense(h().db, account, { product: 'ElumTools', type: 'MUL', seats: 3 });
    const licaso = await addLicense(h().db, account, { product: 'Licaso', type: 'SUL', expiresAt: '2026-11-29' });
    await addEvents(h().db, account.id, licaso, eventsOf('declined', 5, '2026-11-21T12:20:00Z'));
    await addSession(h().db, account.id, elum, {
      user: 'ana@example.com',
      start: '2026-11-24T08:00:00Z',
      end: '2026-11-24T10:00:00Z',
    });
    queues = createQueues(h().app.config.REDIS_URL, h().app.config.QUEUE_PREFIX, logger);
    workers = await startWorkerSet(
      { orm: h().db.orm, config: h().app.config, logger, now: () => clock.now },
      h().app.config.QUEUE_PREFIX,
      h().app.config.REDIS_URL,
    );
  }, 60_000);
  afterAll(async () => {
    await workers?.close();
    await Promise.all(
      Object.values(queues ?? {})
        .filter((q) => typeof q === 'object')
        .map((q) => (q as { obliterate(o: object): Promise<void> }).obliterate({ force: true })),
    );
    await queues?.close();
  });

  it('stores the reference when LicBot is added to a channel, and subscribes that channel when asked there', async () => {
    expect(await h().post(botAddedToChannel(h().teams.url))).toBe(200);
    const [stored] = await h().db.sql<{ kind: string; dead_at: Date | null }>(
      'select kind, dead_at from conversation_reference where conversation_id = $1',
      [CHANNEL],
    );
    expect(stored).toEqual({ kind: 'channel', dead_at: null });
    const [answer] = await h().say({
      user: TEAMS_ADMIN,
      text: 'licstats subscribe weekly mon 09:00 UTC',
      kind: 'channel',
      mentionBot: true,
    });
    expect(cardTexts(cardOf(answer)).join(' ')).toContain(
      '#licenses gets the weekly report every Monday at 09:00 (UTC)',
    );
    const [sub] = await h().db.sql<{ platform: string; target: string }>('select platform, target from subscription');
    expect(sub).toEqual({ platform: 'teams', target: CHANNEL });
    // Typed "last week" as far as the pinned schedule goes (the row takes the real clock).
    await h().db.sql(`update subscription set created_at = '2026-11-25T00:00:00Z'`);
  });

  it('posts the weekly report once through continueConversationAsync, honouring a 429, with a working CSV link', async () => {
    h().teams.failFor(CHANNEL, { status: 429, code: 'TooManyRequests', retryAfter: 1 });
    const [{ id }] = (await h().db.sql<{ id: number }>('select id from subscription')) as [{ id: number }];
    clock.now = DUE;
    await tickDuties(h().db.orm, queues, logger, DUE, (d) => d.name === 'weekly reports');
    await waitFor(async () => (await delivery(id))?.status === 'sent', 20_000);
    await tickDuties(h().db.orm, queues, logger, DUE, (d) => d.name === 'weekly reports');
    await new Promise((r) => setTimeout(r, 500));
    expect(h().teams.failuresLeft(CHANNEL)).toBe(0); // the 429 was answered, then waited out
    const posts = h().teams.sent(CHANNEL);
    expect(posts).toHaveLength(2); // the report card, then the card with its CSV link
    expect(cardTexts(cardOf(posts[0])).join(' ')).toContain('2026-11-23');
    const row = await delivery(id);
    expect(row).toMatchObject({ status: 'sent', file_sent: true, error: null });
    expect(row?.message_ts).toBe(posts[0]?.activityId);

    const link = (cardOf(posts[1]).actions as { type: string; url: string; title: string }[]).find(
      (a) => a.type === 'Action.OpenUrl',
    );
    expect(link?.title).toBe('Download weekly-report-2026-11-23_2026-11-29.csv');
    const path = new URL(link?.url ?? '').pathname;
    const token = path.split('/').pop() ?? '';
    expect(token.length).toBeGreaterThanOrEqual(43); // 32 random bytes, base64url
    const download = await fetch(`${h().baseUrl}${path}`);
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('weekly-report-2026-11-23_2026-11-29.csv');
    expect(await download.text()).toContain('ana@example.com,ElumTools,1,0,2:00:00,7200');
    // Bound to its account, stored only as a hash.
    // The CSV and the pool chart beside it.
    const links = await h().db.sql<{ account_id: number; token_hash: string }>(
      'select account_id, token_hash from file_link order by id',
    );
    const stored = { account_id: account.id, token_hash: expect.stringMatching(/^[0-9a-f]{64}$/) };
    expect(links).toEqual([stored, stored]);
    expect(JSON.stringify(links)).not.toContain(token);
    expect((await fetch(`${h().baseUrl}/files/${token.slice(0, -2)}xx`)).status).toBe(404);

    clock.now = new Date(DUE.getTime() + 24 * 3600_000 + 1000);
    expect((await fetch(`${h().baseUrl}${path}`)).status).toBe(404);
    clock.now = DUE;
  });

  it('sends a denial alert to the manager’s chat and an expiry alert in a new 1:1 chat, once each', async () => {
    await h().say({ user: TEAMS_ADMIN, text: 'licstats managers add <@aad-manager-0002>', kind: 'channel' });
    await h().say({ user: MANAGER, text: 'licstats help' });
    h().teams.reset();
    const deps = workers.deps;
    const denial = alertJob('denial-alerts', { accountId: account.id, at: SLOT });
    expect(await denialAlertsProcessor.process(deps, denial)).toMatchObject({ alerts: 1, sent: 1 });
    expect(await denialAlertsProcessor.process(deps, denial)).toMatchObject({ alerts: 0 });
    expect(h().teams.sent(personalConversation(MANAGER))).toHaveLength(1);
    expect(cardTexts(cardOf(h().teams.sent(personalConversation(MANAGER))[0])).join(' ')).toContain('Licaso');

    // The config admin never wrote to LicBot: the 1:1 chat is created first.
    const expiry = alertJob('expiry-alerts', { accountId: account.id, at: SLOT });
    expect(await expiryAlertsProcessor.process(deps, expiry)).toMatchObject({ alerts: 1, sent: 1 });
    expect(await expiryAlertsProcessor.process(deps, expiry)).toMatchObject({ alerts: 0 });
    const created = h().teams.calls.filter((c) => c.kind === 'create');
    expect(created).toHaveLength(1);
    expect(created[0]?.body).toMatchObject({ members: [{ id: TEAMS_ADMIN }], tenantId: 'tenant-0001' });
    expect(h().teams.sent(created[0]?.conversationId)).toHaveLength(1);
  });

  it('a 403 BotNotInConversationRoster marks the channel dead, records why, tells the subscriber, and stops posts', async () => {
    expect(await h().post(botAddedToChannel(h().teams.url, 'tenant-0001', GONE))).toBe(200);
    const [{ id }] = (await h().db.sql<{ id: number }>(
      `insert into subscription (account_id, platform, target, target_name, weekday, time_of_day, time_zone, created_by, created_at)
       values ($1, 'teams', $2, 'gone', 1, '09:00', 'UTC', $3, '2026-11-25T00:00:00Z') returning id`,
      [account.id, GONE, TEAMS_ADMIN],
    )) as [{ id: number }];
    h().teams.failFor(GONE, { status: 403, code: 'BotNotInConversationRoster', times: 5 });
    await tickDuties(h().db.orm, queues, logger, DUE, (d) => d.name === 'weekly reports');
    await waitFor(async () => (await delivery(id))?.status === 'failed');
    expect((await delivery(id))?.error).toBe(
      'bot_removed: LicBot is no longer a member of that Teams conversation: add it again.',
    );
    const [ref] = await h().db.sql<{ dead_at: Date | null; dead_reason: string }>(
      'select dead_at, dead_reason from conversation_reference where conversation_id = $1',
      [GONE],
    );
    expect(ref?.dead_at).toBeTruthy();
    expect(ref?.dead_reason).toContain('bot_removed');
    // The subscriber (an admin) hears about it in their 1:1 chat.
    await waitFor(() =>
      h()
        .teams.calls.filter((c) => c.kind === 'send')
        .some((c) => JSON.stringify(c.body).includes(`subscription ${id}`)),
    );
    const before = h().teams.calls.filter((c) => c.conversationId === GONE).length;
    await expect(workers.deps.deliveries?.teams?.postToChannel(GONE, { text: 'again' })).rejects.toMatchObject({
      code: 'bot_removed',
    });
    expect(h().teams.calls.filter((c) => c.conversationId === GONE)).toHaveLength(before);
  });

  it('an uninstall (conversationUpdate with the bot removed) marks the channel dead; adding it back revives it', async () => {
    const THIRD = '19:third@thread.tacv2';
    expect(await h().post(botAddedToChannel(h().teams.url, 'tenant-0001', THIRD))).toBe(200);
    const removed = {
      ...botAddedToChannel(h().teams.url, 'tenant-0001', THIRD),
      membersAdded: undefined,
      membersRemoved: [{ id: '28:licbot-test' }],
    };
    expect(await h().post(removed)).toBe(200);
    const state = async () =>
      (
        await h().db.sql<{ dead_reason: string | null }>(
          'select dead_reason from conversation_reference where conversation_id = $1',
          [THIRD],
        )
      )[0];
    expect((await state())?.dead_reason).toContain('LicBot was removed from the team');
    await expect(workers.deps.deliveries?.teams?.postToChannel(THIRD, { text: 'hi' })).rejects.toMatchObject({
      code: 'bot_removed',
    });
    expect(h().teams.calls.filter((c) => c.conversationId === THIRD)).toEqual([]);
    expect(await h().post(botAddedToChannel(h().teams.url, 'tenant-0001', THIRD))).toBe(200);
    expect((await state())?.dead_reason).toBeNull();
    await workers.deps.deliveries?.teams?.postToChannel(THIRD, { text: 'hi' });
    expect(h().teams.sent(THIRD)).toHaveLength(1);
  });
});
