import { afterAll, beforeAll } from 'vitest';
import { createQueues, type Queues, queueList } from '../../jobs/queues.js';
import { tickDuties } from '../../jobs/schedule.js';
import { type StartedWorkers, startWorkerSet } from '../../jobs/worker.js';
import { type Config, loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { FakeSlack } from './fake-slack.js';
import { type TestDatabase, useTestDatabase } from './test-database.js';

export interface JobsHarness {
  db: TestDatabase;
  slack: FakeSlack;
  config: Config;
  /** The producer side, as a scheduler or the HTTP process has it. */
  queues: Queues;
  /** The clock workers and ticks read; tests move it. */
  clock: { now: Date };
  /** A worker process's worth of workers (start two for two replicas); closed after the file. */
  startWorkers(only?: readonly string[]): Promise<StartedWorkers>;
  /** One scheduler tick at the harness clock (or `at`), through its own producer connection. */
  tick(at?: Date, only?: string[]): Promise<Record<string, number>>;
  /** Resolves when `predicate` holds, polling (for work workers finish in the background). */
  waitFor(predicate: () => Promise<boolean> | boolean, timeoutMs?: number): Promise<void>;
}

/**
 * Real PostgreSQL and Redis (a queue prefix of this file's own), real BullMQ workers and the
 * real Slack delivery adapter, talking to a fake Slack Web API on localhost.
 */
export function useJobsHarness(
  start: Date,
  options: { redisUrl?: () => string; env?: Record<string, string> } = {},
): () => JobsHarness {
  const db = useTestDatabase();
  let harness: JobsHarness | undefined;
  const started: StartedWorkers[] = [];
  const producers: Queues[] = [];
  beforeAll(async () => {
    const slack = await new FakeSlack().start();
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db().url,
      REDIS_URL: options.redisUrl?.() ?? db().config.REDIS_URL,
      JOB_LOCK_SECONDS: '2',
      QUEUE_PREFIX: db().config.QUEUE_PREFIX,
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_API_URL: slack.apiUrl,
      ...options.env,
    });
    const logger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');
    const clock = { now: start };
    const queues = createQueues(config.REDIS_URL, config.QUEUE_PREFIX, logger);
    producers.push(queues);
    harness = {
      db: db(),
      slack,
      config,
      queues,
      clock,
      async startWorkers(only) {
        const workers = await startWorkerSet(
          { orm: db().orm, config, logger, now: () => clock.now },
          config.QUEUE_PREFIX,
          config.REDIS_URL,
          only,
        );
        started.push(workers);
        return workers;
      },
      async tick(at, only) {
        const own = createQueues(config.REDIS_URL, config.QUEUE_PREFIX, logger);
        producers.push(own);
        return tickDuties(db().orm, own, logger, at ?? clock.now, only ? (d) => only.includes(d.name) : undefined);
      },
      async waitFor(predicate, timeoutMs = 15_000) {
        const began = Date.now();
        while (!(await predicate())) {
          if (Date.now() - began > timeoutMs) throw new Error('timed out waiting for the workers');
          await new Promise((r) => setTimeout(r, 50));
        }
      },
    };
  });
  afterAll(async () => {
    for (const workers of started) await workers.close();
    const queues = producers[0];
    if (queues) await Promise.all(queueList(queues).map((q) => q.obliterate({ force: true })));
    for (const q of producers) await q.close();
    await harness?.slack.stop();
  });
  return () => {
    if (!harness) throw new Error('jobs harness not ready');
    return harness;
  };
}
