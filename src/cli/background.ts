import type { Queues } from '../../jobs/queues.js';
import { startScheduler } from '../../jobs/schedule.js';
import { startWorkerSet } from '../../jobs/worker.js';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';

/** Which background parts a process runs besides (or instead of) the HTTP server. */
export interface BackgroundParts {
  workers: boolean;
  scheduler: boolean;
}

/**
 * Starts the BullMQ workers and/or the node-cron scheduler in this process; the returned
 * function stops them, workers last so the scheduler adds nothing while they drain.
 */
export async function startBackground(
  parts: BackgroundParts,
  deps: { orm: Orm; config: Config; logger: Logger; queues: Queues; now?: () => Date },
): Promise<() => Promise<void>> {
  const workers = parts.workers
    ? await startWorkerSet(
        { orm: deps.orm, config: deps.config, logger: deps.logger, queues: deps.queues, now: deps.now },
        deps.config.QUEUE_PREFIX,
        deps.config.REDIS_URL,
      )
    : undefined;
  const stopScheduler = parts.scheduler
    ? await startScheduler(deps.orm, deps.queues, deps.logger, deps.now)
    : undefined;
  return async () => {
    await stopScheduler?.();
    await workers?.close();
  };
}
