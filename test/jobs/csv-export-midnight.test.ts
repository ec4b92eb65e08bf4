import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUEUE_NAMES, redisConnection } from '../../jobs/queues.js';
import { startWorkers } from '../../jobs/worker.js';
import type { Account } from '../../src/db/entities/index.js';
import { createLogger } from '../../src/logger.js';
import { addLicense } from '../helpers/fixtures.js';
import { slash } from '../helpers/slack-commands.js';
import { ADMIN, useSlackHarness } from '../helpers/slack-harness.js';
import { createDefaultAccount } from '../helpers/test-database.js';

// 23:55 on 2026-11-28 in Berlin; the worker runs 25 minutes later, on the 29th there.
const TYPED_AT = new Date('2026-11-28T22:55:00Z');
const WORKER_AT = new Date('2026-11-28T23:20:00Z');

describe('a queued export typed before midnight and run after it', () => {
  const h = useSlackHarness({ now: () => TYPED_AT });
  let account: Account;
  let stopWorkers: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default', 'Europe/Berlin');
    const lic = await addLicense(h().db, account, { product: 'ElumTools', type: 'MUL', seats: 3 });
    const insert = (id: string, startSql: string, minutes: number) =>
      h().db.sql(
        `insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version, started_at, last_heartbeat_at, ended_at)
         select $1, $2 || g, $3, $4, 'user' || (g % 7) || '@example.com', 'PC-' || g, '2025.1',
                ${startSql}, ${startSql} + $5 * interval '1 minute', ${startSql} + $5 * interval '1 minute'
         from generate_series(1, $6::int) g`,
        [account.id, id, lic.id, lic.productId, minutes, id === 'bulk-' ? 5000 : 1],
      );
    // 5,000 sessions in October make the export large enough for the worker.
    await insert('bulk-', `timestamptz '2026-10-01T00:00:00Z' + g * interval '1 minute'`, 10);
    // The window's first day in Berlin (2026-08-28): the worker's own "today" would drop it.
    await insert('first-day-', `timestamptz '2026-08-28T08:00:00Z'`, 30);
    // Started after the command was typed: it was not there to be announced.
    await insert('after-typing-', `timestamptz '2026-11-28T23:05:00Z'`, 5);
  });

  afterAll(async () => {
    await stopWorkers?.();
    const queue = new Queue(QUEUE_NAMES.csvExport, {
      connection: redisConnection(h().app.config.REDIS_URL),
      prefix: h().app.config.QUEUE_PREFIX,
    });
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('delivers the file and window the command announced, not the worker’s day', async () => {
    const reply = await slash(h(), ADMIN, '/sessions', 'full csv');
    expect(reply.text).toBe(
      'Preparing sessions-full-2026-08-28_2026-11-28.csv (5,001 sessions). It will appear here in a moment.',
    );
    const uploads = h().slack.uploads().length;
    const completes = h().slack.api('files.completeUploadExternal').length;
    stopWorkers = await startWorkers(
      { orm: h().app.orm, config: h().app.config, logger: createLogger('silent'), now: () => WORKER_AT },
      h().app.config.QUEUE_PREFIX,
      h().app.config.REDIS_URL,
    );
    await h().slack.waitFor(() => h().slack.uploads().length > uploads, 30_000);
    // The fake records the bytes before the adapter's files.completeUploadExternal arrives.
    await h().slack.waitFor(() => h().slack.api('files.completeUploadExternal').length > completes, 10_000);
    const complete = h().slack.api('files.completeUploadExternal').at(-1);
    expect(JSON.parse(String(complete?.params.files))[0].title).toBe('sessions-full-2026-08-28_2026-11-28.csv');
    const lines = h().slack.uploads().at(-1)?.bytes?.toString('utf8').trimEnd().split('\n') ?? [];
    expect(lines).toHaveLength(5002);
    // Oldest end last: the session of the window's first day (10:30 in Berlin, 30 minutes).
    expect(lines.at(-1)).toBe('Closed,2026-08-28T10:30:00+02:00,user1@example.com,ElumTools,2025.1,PC-1,0:30:00,1800');
    expect(lines.some((l) => l.includes('2026-11-29'))).toBe(false);
  });
});
