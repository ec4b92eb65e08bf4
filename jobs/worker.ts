import { Worker } from 'bullmq';
import type { Deliveries } from '../src/core/delivery.js';
import { jobDuration } from '../src/observability/metrics.js';
import { RedisOutageLog } from '../src/observability/redis-connection.js';
import { createSlackDelivery } from '../src/platforms/slack/slack-delivery.js';
import { teamsEnabled } from '../src/platforms/teams/teams-adapter.js';
import { createTeamsDelivery } from '../src/platforms/teams/teams-delivery.js';
import { countedDeliveries } from './delivery-metrics.js';
import type { ProcessorDeps } from './processor.js';
import { processors } from './processors.js';
import { createQueues, redisConnection } from './queues.js';
import { ReportCache } from './report-cache.js';

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
 * process. Closing lets running jobs finish for WORKER_SHUTDOWN_GRACE_SECONDS, then fails
 * them so BullMQ retries them on another worker: a job cut off is retried, never lost (and
 * one of a killed process is retried by BullMQ's stalled-job check).
 */
export async function startWorkers(
  base: ProcessorDeps,
  prefix: string,
  redisUrl: string,
  only?: readonly string[],
): Promise<() => Promise<void>> {
  return (await startWorkerSet(base, prefix, redisUrl, only)).close;
}

/** Timings tests shorten; production keeps the defaults. */
export interface WorkerTuning {
  /** How long close() waits for running jobs (default WORKER_SHUTDOWN_GRACE_SECONDS). */
  shutdownGraceMs?: number;
  /** A job whose lock is not renewed this long is stalled, and retried (BullMQ default 30 s). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export async function startWorkerSet(
  base: ProcessorDeps,
  prefix: string,
  redisUrl: string,
  only?: readonly string[],
  tuning: WorkerTuning = {},
): Promise<StartedWorkers> {
  const connection = redisConnection(redisUrl);
  const graceMs = tuning.shutdownGraceMs ?? base.config.WORKER_SHUTDOWN_GRACE_SECONDS * 1000;
  // Redis away: each queue and worker connection fails at every reconnection attempt; say so
  // in one line per connection a minute, not a stack every few seconds.
  const outages = new RedisOutageLog(base.logger);
  const queues =
    base.queues ??
    createQueues(redisUrl, prefix, base.logger, (queue, error) => outages.secondaryFailed(`queue ${queue}`, error));
  const deps: ProcessorDeps = {
    ...base,
    deliveries: countedDeliveries(base.deliveries ?? deliveriesFor(base)),
    reportCache: base.reportCache ?? new ReportCache(base.config.DATABASE_URL),
    queues,
  };
  // Rejected when the shutdown grace runs out: each running job then fails with this error,
  // and BullMQ retries it (with backoff) on a worker that is still running or starts next.
  let cutOff: () => void = () => undefined;
  const shutdownCut = new Promise<never>((_, reject) => {
    cutOff = () => reject(new Error('worker shut down before the job finished; it will be retried'));
  });
  shutdownCut.catch(() => undefined);
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
          const result = await Promise.race([processor.process({ ...deps, logger }, job), shutdownCut]);
          timer({ outcome: 'completed' });
          return result;
        } catch (error) {
          timer({ outcome: 'failed' });
          throw error;
        }
      },
      {
        connection,
        prefix,
        concurrency: processor.concurrency,
        // A worker that dies mid-job (kill -9, a lost machine) holds it until its lock lapses;
        // then another worker's stalled-job check hands it on to be retried.
        lockDuration: tuning.lockDurationMs ?? deps.config.JOB_LOCK_SECONDS * 1000,
        stalledInterval: tuning.stalledIntervalMs ?? Math.min(30_000, deps.config.JOB_LOCK_SECONDS * 1000),
      },
    );
    worker.on('failed', (job, error) => {
      deps.logger.warn({ queue: processor.queue, jobId: job?.id, err: error }, 'job failed');
      void processor.onFailed?.(deps, job, error).catch((e) => deps.logger.error({ err: e }, 'onFailed failed'));
    });
    worker.on('error', (error) => {
      if (isConnectionError(error)) outages.secondaryFailed(`worker ${processor.queue}`, error);
      else deps.logger.error({ err: error, queue: processor.queue }, 'worker error');
    });
    return worker;
  });
  await Promise.all(workers.map((w) => w.waitUntilReady()));
  return {
    deps,
    async close() {
      const graceful = Promise.all(workers.map((w) => w.close()));
      const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
      // Past the grace the running jobs are failed (not dropped): BullMQ retries them. (A
      // second close(true) would not help: BullMQ returns the graceful close in progress.)
      if ((await Promise.race([graceful, timer])) === 'timeout') {
        deps.logger.warn('jobs still running at shutdown: handed back to be retried');
        cutOff();
        await graceful;
      }
      if (!base.queues) await queues.close();
    },
  };
}

/** A lost or refused Redis connection (as ioredis reports it), as opposed to a bug. */
function isConnectionError(error: Error): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EPIPE', 'EHOSTUNREACH'].includes(code))
    return true;
  return /Connection is closed|connect ECONNREFUSED|Stream isn't writeable/.test(error.message);
}
