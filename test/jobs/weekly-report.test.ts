import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { addLicense, addSession, type TestLicense } from '../helpers/fixtures.js';
import { useJobsHarness } from '../helpers/jobs-harness.js';
import { createDefaultAccount } from '../helpers/test-database.js';

// Monday 2026-11-30, 09:00 in Berlin (CET, +01:00): the post covers Mon 23 – Sun 29 November.
const DUE = new Date('2026-11-30T08:00:00Z');
const BOM = '\uFEFF';

describe('weekly report jobs: posted once, at the right instant, with the CSV', () => {
  const h = useJobsHarness(DUE);
  let account: Account;
  let elum: TestLicense;

  const subscribe = async (
    channel: string,
    weekday = 1,
    time = '09:00',
    zone = 'Europe/Berlin',
    createdAt = '2026-11-25T00:00:00Z',
  ) => {
    const [row] = await h().db.sql<{ id: number }>(
      `insert into subscription (account_id, platform, target, target_name, weekday, time_of_day, time_zone, created_by, created_at)
       values ($1, 'slack', $2, $3, $4, $5, $6, 'USUBSCRIBER', $7) returning id`,
      [account.id, channel, channel.toLowerCase(), weekday, time, zone, createdAt],
    );
    return row!.id;
  };
  const delivery = async (subscriptionId: number) =>
    (
      await h().db.sql<{
        status: string;
        attempts: number;
        error: string | null;
        file_sent: boolean;
        message_ts: string;
      }>('select status, attempts, error, file_sent, message_ts from delivery where subscription_id = $1', [
        subscriptionId,
      ])
    )[0];
  const csvUploads = (name: string) =>
    h()
      .slack.api('files.completeUploadExternal')
      .filter((c) => String(c.params.files).includes(name));

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default', 'Europe/Berlin');
    elum = await addLicense(h().db, account, { product: 'ElumTools', type: 'MUL', seats: 3 });
    const agi = await addLicense(h().db, account, { product: 'AGi32', type: 'SUL' });
    // In the week: ana 2 h + 30 min on ElumTools, bo 1 h on AGi32 at 23:30 Sunday Berlin time
    // (22:30 UTC, still the 29th there). Before it: a session on the 22nd that must not count.
    await addSession(h().db, account.id, elum, {
      user: 'ana@example.com',
      start: '2026-11-24T08:00:00Z',
      end: '2026-11-24T10:00:00Z',
    });
    await addSession(h().db, account.id, elum, {
      user: 'ana@example.com',
      start: '2026-11-26T08:00:00Z',
      end: '2026-11-26T08:30:00Z',
    });
    await addSession(h().db, account.id, agi, {
      user: 'bo@example.com',
      start: '2026-11-29T22:30:00Z',
      end: '2026-11-29T23:30:00Z',
    });
    await addSession(h().db, account.id, elum, {
      user: 'cy@example.com',
      start: '2026-11-22T10:00:00Z',
      end: '2026-11-22T11:00:00Z',
    });
    await h().startWorkers();
  });

  it('enqueues nothing a second before 09:00 Berlin time, and the post at 09:00', async () => {
    const id = await subscribe('C0REPORTS');
    expect((await h().tick(new Date(DUE.getTime() - 1000), ['weekly reports']))['weekly reports']).toBe(0);
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(1);
    await h().waitFor(async () => (await delivery(id))?.status === 'sent');

    const posts = h().slack.deliveryPosts('C0REPORTS');
    expect(posts).toHaveLength(1);
    expect(posts[0]?.metadata).toEqual({
      event_type: 'licbot_delivery',
      event_payload: { key: `weekly:${id}:2026-11-30` },
    });
    expect(posts[0]?.text).toContain('2026-11-23');
    const uploads = csvUploads('weekly-report-2026-11-23_2026-11-29.csv');
    expect(uploads).toHaveLength(1);
    expect(uploads[0]?.params.channel_id).toBe('C0REPORTS');
    const bytes = h()
      .slack.uploads()
      .map((u) => u.bytes?.toString('utf8'))
      .find((text) => text?.startsWith(BOM));
    expect(bytes).toBe(
      [
        `${BOM}Email,Program,Sessions,Active Sessions,Duration,Duration Seconds`,
        'ana@example.com,ElumTools,2,0,2:30:00,9000',
        'bo@example.com,AGi32,1,0,1:00:00,3600',
        '',
      ].join('\n'),
    );
    expect(await delivery(id)).toMatchObject({ status: 'sent', attempts: 1, file_sent: true, error: null });
  });

  it('two schedulers and two workers post it once', async () => {
    const id = await subscribe('C0TWO');
    await h().startWorkers();
    const [a, b] = await Promise.all([h().tick(DUE, ['weekly reports']), h().tick(DUE, ['weekly reports'])]);
    expect(a['weekly reports']).toBeGreaterThanOrEqual(1);
    expect(b['weekly reports']).toBeGreaterThanOrEqual(1);
    await h().waitFor(async () => (await delivery(id))?.status === 'sent');
    await h().tick(DUE, ['weekly reports']);
    await new Promise((r) => setTimeout(r, 500));
    expect(h().slack.deliveryPosts('C0TWO')).toHaveLength(1);
    expect(await delivery(id)).toMatchObject({ attempts: 1 });
  });

  it('finds the post Slack made when its answer was lost, and posts nothing twice', async () => {
    const id = await subscribe('C0LOST');
    h().slack.inject('chat.postMessage', { acceptThenDrop: true });
    await h().tick(DUE, ['weekly reports']);
    await h().waitFor(async () => (await delivery(id))?.status === 'sent', 20_000);
    expect(h().slack.deliveryPosts('C0LOST')).toHaveLength(1);
    expect(
      h()
        .slack.channels.get('C0LOST')
        ?.filter((m) => m.files),
    ).toHaveLength(1);
    const row = await delivery(id);
    expect(row).toMatchObject({ attempts: 2, file_sent: true });
    expect(row?.message_ts).toBe(h().slack.deliveryPosts('C0LOST')[0]?.ts);
  });

  it('waits out a 429 storm and posts one message per channel', async () => {
    const ids = [await subscribe('C0BUSY1'), await subscribe('C0BUSY2')];
    const busy = { status: 429, retryAfter: 1 };
    h().slack.inject('chat.postMessage', busy, busy, busy, busy);
    await h().tick(DUE, ['weekly reports']);
    await h().waitFor(async () => (await Promise.all(ids.map(delivery))).every((d) => d?.status === 'sent'), 20_000);
    expect(h().slack.deliveryPosts('C0BUSY1')).toHaveLength(1);
    expect(h().slack.deliveryPosts('C0BUSY2')).toHaveLength(1);
    // 429s were waited out inside one attempt each: Slack made nothing when it refused.
    expect((await Promise.all(ids.map(delivery))).map((d) => d?.attempts)).toEqual([1, 1]);
  });

  it('not_in_channel: records why, tells the subscriber how to invite LicBot, and does not retry', async () => {
    const id = await subscribe('C0OUTSIDE');
    h().slack.inject('chat.postMessage', { error: 'not_in_channel' });
    const opens = h().slack.api('conversations.open').length;
    await h().tick(DUE, ['weekly reports']);
    await h().waitFor(async () => (await delivery(id))?.status === 'failed');
    await h().waitFor(() => h().slack.api('conversations.open').length > opens);
    expect(await delivery(id)).toMatchObject({
      attempts: 1,
      error: 'not_in_channel: LicBot is not a member of the channel: invite it with /invite @LicBot.',
    });
    expect(h().slack.api('conversations.open').at(-1)?.params.users).toBe('USUBSCRIBER');
    await h().waitFor(() => (h().slack.channels.get('DSUBSCRIBER') ?? []).length > 0);
    expect(h().slack.channels.get('DSUBSCRIBER')?.[0]?.text).toContain('Type /invite @LicBot there');
    // A failed delivery is not posted again by the schedule.
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(0);
  });

  it('posts a run missed while LicBot was down up to 24 h late, and records it as skipped after', async () => {
    // Sunday 09:00 UTC (due 2026-11-29T09:00Z) and Sunday 07:00 UTC (due 07:00Z).
    const late = await subscribe('C0LATE', 7, '09:00', 'UTC');
    const tooLate = await subscribe('C0TOOLATE', 7, '07:00', 'UTC');
    await h().tick(new Date('2026-11-30T08:00:00Z'), ['weekly reports']);
    await h().waitFor(async () => (await delivery(late))?.status === 'sent');
    expect(h().slack.deliveryPosts('C0LATE')).toHaveLength(1);
    expect(await delivery(tooLate)).toMatchObject({
      status: 'skipped',
      error: 'missed: LicBot was not running within 24 h after it was due',
    });
    expect(h().slack.deliveryPosts('C0TOOLATE')).toHaveLength(0);
  });

  it('posts at 09:00 local time across the spring DST change, and at 09:00 in a +05:30 zone', async () => {
    // Berlin moved to CEST (+02:00) on Sunday 2026-03-29: Monday 09:00 is 07:00 UTC.
    const berlin = await subscribe('C0DST', 1, '09:00', 'Europe/Berlin', '2026-03-01T00:00:00Z');
    // Kolkata is +05:30 all year: Monday 09:00 is 03:30 UTC.
    const kolkata = await subscribe('C0KOLKATA', 1, '09:00', 'Asia/Kolkata', '2026-03-01T00:00:00Z');
    const periods = async (id: number) =>
      (
        await h().db.sql<{ period_key: string; status: string; due_at: Date }>(
          'select period_key, status, due_at from delivery where subscription_id = $1 order by period_key',
          [id],
        )
      ).map((r) => `${r.period_key} ${r.status} ${r.due_at.toISOString()}`);
    const sent = async (id: number) => (await periods(id)).some((p) => p.startsWith('2026-03-30 sent'));
    // Before either is due, the previous Monday's posts are a week late: recorded as skipped.
    expect((await h().tick(new Date('2026-03-30T03:29:59Z'), ['weekly reports']))['weekly reports']).toBe(0);
    expect((await h().tick(new Date('2026-03-30T03:30:00Z'), ['weekly reports']))['weekly reports']).toBe(1);
    await h().waitFor(() => sent(kolkata));
    expect((await h().tick(new Date('2026-03-30T06:59:59Z'), ['weekly reports']))['weekly reports']).toBe(0);
    expect((await h().tick(new Date('2026-03-30T07:00:00Z'), ['weekly reports']))['weekly reports']).toBe(1);
    await h().waitFor(() => sent(berlin));
    expect(await periods(kolkata)).toEqual([
      '2026-03-23 skipped 2026-03-23T03:30:00.000Z',
      '2026-03-30 sent 2026-03-30T03:30:00.000Z',
    ]);
    expect(await periods(berlin)).toEqual([
      '2026-03-23 skipped 2026-03-23T08:00:00.000Z',
      '2026-03-30 sent 2026-03-30T07:00:00.000Z',
    ]);
    // The post covers Monday 23 – Sunday 29 March, the week of the change.
    expect(h().slack.deliveryPosts('C0DST')[0]?.text).toContain('2026-03-23');
  });
});

describe('weekly reports of one account, period and zone', () => {
  const h = useJobsHarness(DUE);

  it('are computed once for all their channels, and once more for another zone', async () => {
    const account = await createDefaultAccount(h().db, 'default', 'Europe/Berlin');
    const lic = await addLicense(h().db, account, { product: 'AGi32', type: 'SUL' });
    await addSession(h().db, account.id, lic, {
      user: 'ana@example.com',
      start: '2026-11-24T08:00:00Z',
      end: '2026-11-24T09:00:00Z',
    });
    const channels = ['C0SHARE1', 'C0SHARE2', 'C0SHARE3', 'C0SHARE4'];
    for (const [i, channel] of channels.entries()) {
      // The last one posts at 09:00 in Kolkata instead: another zone, another week's edges.
      await h().db.sql(
        `insert into subscription (account_id, platform, target, weekday, time_of_day, time_zone, created_by, created_at)
         values ($1, 'slack', $2, 1, '09:00', $3, 'U1', '2026-11-25T00:00:00Z')`,
        [account.id, channel, i < 3 ? 'Europe/Berlin' : 'Asia/Kolkata'],
      );
    }
    const workers = await h().startWorkers(['weekly-report']);
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(4);
    await h().waitFor(async () => {
      const [row] = await h().db.sql<{ n: number }>(`select count(*)::int as n from delivery where status = 'sent'`);
      return row?.n === 4;
    });
    expect(channels.map((c) => h().slack.deliveryPosts(c).length)).toEqual([1, 1, 1, 1]);
    expect(workers.deps.reportCache?.computations).toBe(2);
    // The three Berlin posts carry the same CSV bytes, made once.
    const csvs = h()
      .slack.uploads()
      .map((u) => u.bytes?.toString('utf8'));
    expect(csvs).toHaveLength(4);
    expect(new Set(csvs.slice(0, 3)).size).toBeLessThanOrEqual(2);
  });
});
