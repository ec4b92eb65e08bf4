import type { Job } from 'bullmq';
import type { Config } from '../src/config.js';
import type { Deliveries } from '../src/core/delivery.js';
import type { Orm } from '../src/db/orm.js';
import type { Logger } from '../src/logger.js';
import type { Queues } from './queues.js';
import type { ReportCache } from './report-cache.js';

/** What every processor may use. One set per worker process, built by startWorkers. */
export interface ProcessorDeps {
  orm: Orm;
  config: Config;
  logger: Logger;
  /** The worker's clock; tests pin it. A queued export uses its request's instant instead. */
  now?: () => Date;
  /** The delivery adapter of each platform this install runs (see src/core/delivery.ts). */
  deliveries?: Deliveries;
  /** Weekly figures shared by the subscriptions of one account, period and zone. */
  reportCache?: ReportCache;
  /** To hand follow-up work (a direct message) to another queue. */
  queues?: Queues;
}

/**
 * One queue's processor: adding a job is a `*.processor.ts` file exporting this and a line in
 * jobs/processors.ts. `process` throws UnrecoverableError for what no retry can fix.
 */
export interface Processor<T = unknown> {
  queue: string;
  concurrency: number;
  process(deps: ProcessorDeps, job: Job<T>): Promise<unknown>;
  /** Called after each failed attempt (the last one too: compare attemptsMade with attempts). */
  onFailed?(deps: ProcessorDeps, job: Job<T> | undefined, error: Error): Promise<void>;
}
