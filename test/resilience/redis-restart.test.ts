import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type JobsHarness, useJobsHarness } from '../helpers/jobs-harness.js';
import { freePort, PrivateRedis } from '../helpers/private-redis.js';
import { reportFaultRun } from '../helpers/resilience-report.js';
import { accountWithAWeek, WEEKLY_DUE as DUE, subscribeMondays } from '../helpers/weekly-fixture.js';

const CHANNELS = 8;

/** CHANNELS Monday 09:00 subscriptions of an account with a week of usage, one channel each. */
async function subscribeChannels(h: JobsHarness, tag: string): Promise<Map<string, number>> {
  const account = await accountWithAWeek(h);
  return subscribeMondays(
    h,
    account,
    Array.from({ length: CHANNELS }, (_, i) => `C0${tag}${i + 1}`),
  );
}

async function deliveries(h: JobsHarness): Promise<{ status: string; attempts: number; file_sent: boolean }[]> {
  return h.db.sql('select status, attempts, file_sent from delivery order by subscription_id');
}

describe.each([
  { persistence: 'append-only file (as docker-compose runs Redis)', appendOnly: true, tag: 'AOF' },
  { persistence: 'no persistence (every queued job lost)', appendOnly: false, tag: 'MEM' },
])('Redis killed and restarted with weekly reports queued: $persistence', ({ appendOnly, tag }) => {
  let redis: PrivateRedis;
  beforeAll(async () => {
    redis = await new PrivateRedis(await freePort(), { appendOnly }).start();
  });
  // After hooks run last-registered first: the harness closes its connections, then Redis stops.
  afterAll(async () => {
    await redis?.stop();
  });
  const h = useJobsHarness(DUE, { redisUrl: () => redis.url });

  it('posts every report exactly once: none lost, none doubled', async () => {
    const channels = await subscribeChannels(h(), tag);
    // The workers run through the restart (their connections must come back by themselves);
    // the queue is paused so the reports are still waiting in Redis when it dies.
    await h().startWorkers(['weekly-report']);
    await h().queues.weeklyReport.pause();
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(CHANNELS);
    expect(await h().queues.weeklyReport.getWaitingCount()).toBe(CHANNELS);

    await redis.kill();
    await redis.start();
    const survived = await waitForAnswer(() => h().queues.weeklyReport.getWaitingCount());
    expect(survived).toBe(appendOnly ? CHANNELS : 0);
    // The scheduler's next tick enqueues again what PostgreSQL says is not posted yet; the
    // same job ids make it a no-op where the jobs survived.
    await h().tick(DUE, ['weekly reports']);
    await h().queues.weeklyReport.resume();
    await h().waitFor(
      async () => (await deliveries(h())).filter((d) => d.status === 'sent').length === CHANNELS,
      30_000,
    );

    for (const channel of channels.keys()) {
      expect(h().slack.deliveryPosts(channel), channel).toHaveLength(1);
      expect(
        h()
          .slack.channels.get(channel)
          ?.filter((m) => m.files),
        channel,
      ).toHaveLength(1);
    }
    expect(await deliveries(h())).toEqual(
      Array.from({ length: CHANNELS }, () => ({ status: 'sent', attempts: 1, file_sent: true })),
    );
    // A later tick owes nothing.
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(0);
    reportFaultRun(`redis restarted, ${tag}`, {
      queued: CHANNELS,
      survivedRestart: survived,
      posted: [...channels.keys()].reduce((n, c) => n + h().slack.deliveryPosts(c).length, 0),
    });
  }, 90_000);
});

/** The first answer Redis gives after a restart (commands fail while it is away). */
async function waitForAnswer<T>(ask: () => Promise<T>): Promise<T> {
  for (let tries = 0; ; tries++) {
    try {
      return await ask();
    } catch (error) {
      if (tries > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
