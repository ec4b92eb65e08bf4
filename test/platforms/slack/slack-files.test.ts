import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES, redisConnection } from '../../../jobs/queues.js';
import { startWorkers } from '../../../jobs/worker.js';
import type { Account } from '../../../src/db/entities/index.js';
import { createLogger } from '../../../src/logger.js';
import { addEvents, addLicense, eventsOf } from '../../helpers/fixtures.js';
import { slash } from '../../helpers/slack-commands.js';
import { ADMIN, useSlackHarness } from '../../helpers/slack-harness.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

const NOW = new Date('2026-11-28T12:00:00Z');
const BOM = '\uFEFF';
const STATS_CSV = [
  `${BOM}Product,Licenses,Type,Status,Activations Used,Activations Available,Activation Code,Full Access,Limited Access,Declined Access,Takes,Take Denied,Checkouts`,
  'AGi32,1,SUL,Expires 2026-12-10,0,2,AGIXX…,3,1,0,0,0,0',
  'ElumTools,3,MUL,Expires 2027-06-30,0,5,ELUMA…,2,6,5,0,0,1',
  'Licaso,1,HWK,Expires 2099-12-31,0,2,HWKEY…,n/a,n/a,n/a,n/a,n/a,n/a',
  '',
].join('\n');

describe('Slack: CSV files', () => {
  const h = useSlackHarness({ now: () => NOW });
  let account: Account;

  beforeAll(async () => {
    const db = h().db;
    account = await createDefaultAccount(db, 'default');
    const elum = await addLicense(db, account, {
      product: 'ElumTools',
      type: 'MUL',
      seats: 3,
      activationsAllowed: 5,
      expiresAt: '2027-06-30',
      code: 'ELUMA-111111111',
    });
    const agi = await addLicense(db, account, {
      product: 'AGi32',
      type: 'SUL',
      expiresAt: '2026-12-10',
      code: 'AGIXX-3333-4444',
    });
    await addLicense(db, account, { product: 'Licaso', type: 'HWK', code: 'HWKEY-5555-6666' });
    // ElumTools: Full 2, Limited 1 + 5 = 6, Declined 5, Checkouts 1. AGi32: Full 3, Limited 1.
    await addEvents(db, account.id, elum, [
      ...eventsOf('full', 2, '2026-11-20T09:00:00Z'),
      ...eventsOf('limited', 1, '2026-11-20T10:00:00Z'),
      ...eventsOf('declined', 5, '2026-11-21T09:00:00Z'),
      ...eventsOf('checkout', 1, '2026-11-22T09:00:00Z'),
    ]);
    await addEvents(db, account.id, agi, [
      ...eventsOf('full', 3, '2026-11-20T09:00:00Z'),
      ...eventsOf('limited', 1, '2026-11-20T13:00:00Z'),
    ]);
  });

  function lastUpload() {
    const uploads = h().slack.uploads();
    return uploads[uploads.length - 1];
  }

  it('sends a private /licstats csv as a direct message with the exact bytes and a dated name', async () => {
    const before = h().slack.calls.length;
    const responses = h().slack.responses().length;
    const reply = await slash(h(), ADMIN, '/licstats', 'csv');
    expect(reply.text).toBe('licstats-2026-11-28.csv: 3 licenses.');
    await h().slack.waitFor(() => h().slack.api('files.completeUploadExternal').length > 0);
    const calls = h().slack.calls.slice(before);
    const getUrl = calls.find((c) => c.name === 'files.getUploadURLExternal');
    expect(getUrl?.params).toMatchObject({
      filename: 'licstats-2026-11-28.csv',
      length: String(Buffer.byteLength(STATS_CSV)),
    });
    expect(lastUpload()?.bytes?.toString('utf8')).toBe(STATS_CSV);
    const complete = calls.find((c) => c.name === 'files.completeUploadExternal');
    // Files in a channel are visible to everyone there, so a private reply's file goes to the person.
    expect(calls.find((c) => c.name === 'conversations.open')?.params.users).toBe(ADMIN);
    expect(complete?.params.channel_id).toBe(`D${ADMIN.slice(1)}`);
    await h().slack.waitFor(() => h().slack.responses().length > responses);
    expect(h().slack.responses().at(-1)?.params.text).toBe(
      'I sent licstats-2026-11-28.csv to you as a direct message (add `public` to post it in the channel).',
    );
    expect(JSON.parse(String(complete?.params.files))).toEqual([
      { id: lastUpload()?.name, title: 'licstats-2026-11-28.csv' },
    ]);
    // The bot token goes in the Authorization header, never in a body.
    expect(getUrl?.headers.authorization).toBe('Bearer xoxb-test-token');
  });

  it('posts the file in the channel when the reply is public', async () => {
    const completes = h().slack.api('files.completeUploadExternal').length;
    await slash(h(), ADMIN, '/licstats', 'csv public');
    await h().slack.waitFor(() => h().slack.api('files.completeUploadExternal').length > completes);
    expect(h().slack.api('files.completeUploadExternal').at(-1)?.params.channel_id).toBe('C0GENERAL');
  });

  it('retries a 429 on the upload and on completion after Retry-After, without a second file', async () => {
    const completedBefore = h().slack.api('files.completeUploadExternal').length;
    const uploadsBefore = h().slack.uploads().length;
    h().slack.inject('upload', { status: 429, retryAfter: 1 });
    h().slack.inject('files.completeUploadExternal', { status: 429, retryAfter: 1 });
    await slash(h(), ADMIN, '/licstats', 'csv elum');
    await h().slack.waitFor(() => h().slack.api('files.completeUploadExternal').length > completedBefore, 20_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(h().slack.api('files.completeUploadExternal').length).toBe(completedBefore + 1);
    expect(h().slack.uploads().length).toBe(uploadsBefore + 1);
    expect(lastUpload()?.bytes?.toString('utf8').split('\n')[1]).toBe(
      'ElumTools,3,MUL,Expires 2027-06-30,0,5,ELUMA…,2,6,5,0,0,1',
    );
  });

  it('sends the file as a direct message when the bot is not in the channel, and says so', async () => {
    h().slack.inject('files.completeUploadExternal', { error: 'not_in_channel' });
    const responseCount = h().slack.responses().length;
    await slash(h(), ADMIN, '/licstats', 'csv public', 'C0PRIVATE');
    await h().slack.waitFor(() => h().slack.responses().length > responseCount);
    const opened = h().slack.api('conversations.open').at(-1);
    expect(opened?.params.users).toBe(ADMIN);
    const completes = h().slack.api('files.completeUploadExternal');
    expect(completes.at(-1)?.params.channel_id).toBe(`D${ADMIN.replace(/^U/, '')}`);
    expect(String(h().slack.responses().at(-1)?.params.text)).toContain(
      'I am not a member of this channel, so I sent licstats-2026-11-28.csv to you as a direct message.',
    );
  });

  describe('a large full-view export', () => {
    let stopWorkers: (() => Promise<void>) | undefined;
    afterAll(async () => {
      await stopWorkers?.();
      const queue = new Queue(QUEUE_NAMES.csvExport, {
        connection: redisConnection(h().app.config.REDIS_URL),
        prefix: h().app.config.QUEUE_PREFIX,
      });
      await queue.obliterate({ force: true });
      await queue.close();
    });

    it('is produced by the csv-export worker, not inside the command', async () => {
      const db = h().db;
      const [lic] = await db.sql<{ id: number; product_id: number }>(
        `select id, product_id from license where type = 'MUL'`,
      );
      // 5,001 closed sessions of 10 minutes each, one per minute from 2026-10-01.
      await db.sql(
        `insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version, started_at, last_heartbeat_at, ended_at)
         select $1, 'bulk-' || g, $2, $3, 'user' || (g % 7) || '@example.com', 'PC-' || g, '2025.1',
                timestamptz '2026-10-01T00:00:00Z' + g * interval '1 minute',
                timestamptz '2026-10-01T00:10:00Z' + g * interval '1 minute',
                timestamptz '2026-10-01T00:10:00Z' + g * interval '1 minute'
         from generate_series(1, 5001) g`,
        [account.id, lic?.id, lic?.product_id],
      );
      const reply = await slash(h(), ADMIN, '/sessions', 'full csv');
      expect(reply.text).toBe(
        'Preparing sessions-full-2026-08-28_2026-11-28.csv (5,001 sessions). It will appear here in a moment.',
      );
      const uploads = h().slack.uploads().length;
      const responses = h().slack.responses().length;
      stopWorkers = await startWorkers(
        { orm: h().app.orm, config: h().app.config, logger: createLogger('silent') },
        h().app.config.QUEUE_PREFIX,
        h().app.config.REDIS_URL,
      );
      await h().slack.waitFor(
        () => h().slack.uploads().length > uploads && h().slack.responses().length > responses,
        30_000,
      );
      const lines = lastUpload()?.bytes?.toString('utf8').trimEnd().split('\n') ?? [];
      expect(lines[0]).toBe(`${BOM}Status,DateTime,Email,Program,Version,Machine,Duration,Duration Seconds`);
      expect(lines).toHaveLength(5002);
      // Newest end first: g = 5001 started 5,001 minutes after 2026-10-01T00:00Z and ran 10 minutes.
      expect(lines[1]).toBe('Closed,2026-10-04T11:31:00+00:00,user3@example.com,ElumTools,2025.1,PC-5001,0:10:00,600');
      expect(lines[5001]).toBe('Closed,2026-10-01T00:11:00+00:00,user1@example.com,ElumTools,2025.1,PC-1,0:10:00,600');
      expect(h().slack.api('files.completeUploadExternal').at(-1)?.params.channel_id).toBe(`D${ADMIN.slice(1)}`);
      expect(String(h().slack.responses().at(-1)?.params.text)).toBe(
        'Your CSV is ready. I sent sessions-full-2026-08-28_2026-11-28.csv to you as a direct message (add `public` to post it in the channel).',
      );
    });
  });
});
