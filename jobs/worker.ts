import { Worker } from 'bullmq';
import type { Deliveries } from '../src/core/delivery.js';
import { jobDuration } from '../src/observability/metrics.js';
import { createSlackDelivery } from '../src/platforms/slack/slack-delivery.js';
import { countedDeliveries } from './delivery-metrics.js';
import type { ProcessorDeps } from './processor.js';
import { processors } from './processors.js';
import { createQueues, redisConnection } from './queues.js';
import { ReportCache } from './report-cache.js';

/** How long a shutdown waits for running jobs before handing them back (they are retried). */
const SHUTDOWN_GRACE_MS = 20_000;

/** The delivery adapters this configuration can run (Slack when it has a bot token). */
export function deliveriesFor(deps: Pick<ProcessorDeps, 'config' | 'logger'>): Deliveries {
  return deps.config.SLACK_BOT_TOKEN ? { slack: createSlackDelivery(deps.config, deps.logger) } : {};
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
    deliveries: countedDeliveries(base.deliveries ?? deliveriesFor(base)),
    reportCache: base.reportCache ?? new ReportCache(),
    queues,
  };
  const chosen = processors.filter((p) => !only || only.includes(p.queue));
  const workers = chosen.map((processor) => {
    const worker = new Worker(
      processor.queue,
      async (job) => {
        // Every line a job logs carries its queue and id (pino child logger).
        const logger = deps.logger.child({ queue: processor.queue, jobId: job.id });
        logger.debug({ attempt: job.attemptsMade + 1 }, 'job started');
        const timer = jobDuration.startTimer({ queue: processor.queue });
        try {
          const result = await processor.process({ ...deps, logger }, job);
          timer({ outcome: 'completed' });
          return result;
        } catch (error) {
          timer({ outcome: 'failed' });
          throw error;
        }
      },
      { connection, prefix, concurrency: processor.concurrency },
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
