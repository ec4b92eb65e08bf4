import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { type JobsHarness, useJobsHarness } from '../helpers/jobs-harness.js';
import { freePort, PrivateRedis } from '../helpers/private-redis.js';
import { accountWithAWeek, WEEKLY_DUE as DUE, subscribeMondays } from '../helpers/weekly-fixture.js';

const prepare = accountWithAWeek;

async function subscribe(h: JobsHarness, account: Account, channel: string): Promise<number> {
  return (await subscribeMondays(h, account, [channel])).get(channel)!;
}

async function deliveryOf(h: JobsHarness, subscriptionId: number) {
  const [row] = await h.db.sql<{ status: string; attempts: number; file_sent: boolean; message_ts: string | null }>(
    'select status, attempts, file_sent, message_ts from delivery where subscription_id = $1',
    [subscriptionId],
  );
  return row;
}

describe('a worker process killed with SIGKILL after Slack took the post', () => {
  const h = useJobsHarness(DUE);
  let child: ChildProcess | undefined;

  afterAll(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
  });

  it('is retried by another worker, which finds the post and adds only the CSV', async () => {
    const account = await prepare(h());
    const id = await subscribe(h(), account, 'C0CRASH');
    // Slack posts the message, then never answers: the worker hangs there until it is killed.
    h().slack.inject('chat.postMessage', { acceptThenStall: true });
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
      env: {
        ...process.env,
        DATABASE_URL: h().config.DATABASE_URL,
        REDIS_URL: h().config.REDIS_URL,
        QUEUE_PREFIX: h().config.QUEUE_PREFIX,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_API_URL: h().config.SLACK_API_URL,
        JOB_LOCK_SECONDS: '2',
        LOG_LEVEL: 'silent',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('worker running') && resolve());
      child?.once('exit', (code) => reject(new Error(`worker exited early with ${code}`)));
    });
    await h().tick(DUE, ['weekly reports']);
    await h().waitFor(() => h().slack.deliveryPosts('C0CRASH').length === 1, 30_000);
    expect(await deliveryOf(h(), id)).toMatchObject({ status: 'pending', attempts: 1, message_ts: null });

    const exited = new Promise((resolve) => child?.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    await h().startWorkers();
    await h().waitFor(async () => (await deliveryOf(h(), id))?.status === 'sent', 30_000);

    expect(h().slack.deliveryPosts('C0CRASH')).toHaveLength(1);
    expect(
      h()
        .slack.channels.get('C0CRASH')
        ?.filter((m) => m.files),
    ).toHaveLength(1);
    expect(await deliveryOf(h(), id)).toMatchObject({
      attempts: 2,
      file_sent: true,
      message_ts: h().slack.deliveryPosts('C0CRASH')[0]?.ts,
    });
  }, 90_000);
});

describe('Redis restarted (losing every queued job) while a report waits', () => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await new PrivateRedis(await freePort()).start();
  });
  // After hooks run last-registered first: the harness closes its connections, then Redis stops.
  afterAll(async () => {
    await redis?.stop();
  });
  const h = useJobsHarness(DUE, { redisUrl: () => redis.url });

  it('posts the lost one when the scheduler ticks again, and the posted one never twice', async () => {
    const account = await prepare(h());
    const before = await subscribe(h(), account, 'C0BEFORE');
    const workers = await h().startWorkers();
    await h().tick(DUE, ['weekly reports']);
    await h().waitFor(async () => (await deliveryOf(h(), before))?.status === 'sent');
    await workers.close();

    const queued = await subscribe(h(), account, 'C0QUEUED');
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(1);
    expect(await h().queues.weeklyReport.getWaitingCount()).toBe(1);

    await redis.kill();
    await redis.start();
    await h().waitFor(
      async () =>
        (await h()
          .queues.weeklyReport.getWaitingCount()
          .catch(() => -1)) === 0,
    );
    await h().startWorkers();
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(1);
    await h().waitFor(async () => (await deliveryOf(h(), queued))?.status === 'sent');

    expect(h().slack.deliveryPosts('C0BEFORE')).toHaveLength(1);
    expect(h().slack.deliveryPosts('C0QUEUED')).toHaveLength(1);
    expect(await deliveryOf(h(), queued)).toMatchObject({ attempts: 1, file_sent: true });
  }, 60_000);
});
