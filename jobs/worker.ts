import { Worker } from 'bullmq';
import type { Deliveries } from '../src/core/delivery.js';
import { createSlackDelivery } from '../src/platforms/slack/slack-delivery.js';
import { teamsEnabled } from '../src/platforms/teams/teams-adapter.js';
import { createTeamsDelivery } from '../src/platforms/teams/teams-delivery.js';
import type { ProcessorDeps } from './processor.js';
import { processors } from './processors.js';
import { createQueues, redisConnection } from './queues.js';
import { ReportCache } from './report-cache.js';

/** How long a shutdown waits for running jobs before handing them back (they are retried). */
const SHUTDOWN_GRACE_MS = 20_000;

/** The delivery adapters this configuration can run (Slack with a bot token, Teams with an app id or local mode). */
export function deliveriesFor(deps: Pick<ProcessorDeps, 'config' | 'logger' | 'orm' | 'now'>): Deliveries {
  return {
    ...(deps.config.SLACK_BOT_TOKEN ? { slack: createSlackDelivery(deps.config, deps.logger) } : {}),
    ...(teamsEnabled(deps.config) ? { teams: createTeamsDelivery(deps) } : {}),
  };
}

export interface StartedWorkers {
  deps: ProcessorDeps;
  close(): Promise<void>;
}

/**
 * Starts a BullMQ worker for every processor (or the queues named in `only`) in this
 * process. Closing lets running jobs finish for up to 20 s, then hands them back: BullMQ
 * gives a job whose worker stopped to another worker, so it is retried, never lost.
 */
export async function startWorkers(
  base: ProcessorDeps,
  prefix: string,
  redisUrl: string,
  only?: readonly string[],
): Promise<() => Promise<void>> {
  return (await startWorkerSet(base, prefix, redisUrl, only)).close;
}

export async function startWorkerSet(
  base: ProcessorDeps,
  prefix: string,
  redisUrl: string,
  only?: readonly string[],
): Promise<StartedWorkers> {
  const connection = redisConnection(redisUrl);
  const queues = base.queues ?? createQueues(redisUrl, prefix, base.logger);
  const deps: ProcessorDeps = {
    ...base,
    deliveries: base.deliveries ?? deliveriesFor(base),
    reportCache: base.reportCache ?? new ReportCache(),
    queues,
  };
  const chosen = processors.filter((p) => !only || only.includes(p.queue));
  const workers = chosen.map((processor) => {
    const worker = new Worker(
      processor.queue,
      async (job) => {
        deps.logger.debug({ queue: processor.queue, jobId: job.id, attempt: job.attemptsMade + 1 }, 'job started');
        return processor.process(deps, job);
      },
      {
        connection,
        prefix,
        concurrency: processor.concurrency,
        // A worker that dies mid-job (kill -9, a lost machine) holds it until its lock lapses;
        // then another worker's stalled-job check hands it on to be retried.
        lockDuration: deps.config.JOB_LOCK_SECONDS * 1000,
        stalledInterval: Math.min(30_000, deps.config.JOB_LOCK_SECONDS * 1000),
      },
    );
    worker.on('failed', (job, error) => {
      deps.logger.warn({ queue: processor.queue, jobId: job?.id, err: error }, 'job failed');
      void processor.onFailed?.(deps, job, error).catch((e) => deps.logger.error({ err: e }, 'onFailed failed'));
    });
    worker.on('error', (error) => deps.logger.error({ err: error, queue: processor.queue }, 'worker error'));
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    deps,
    async close() {
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timer = new Promise<'timeout'>((resolve) =>
        setTimeout(() => resolve('timeout'), SHUTDOWN_GRACE_MS).unref(),
      );
      if ((await Promise.race([graceful, timer])) === 'timeout') await Promise.all(workers.map((w) => w.close(true)));
      if (!base.queues) await queues.close();
    },
  };
}
