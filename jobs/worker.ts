import { Worker } from 'bullmq';
import { loadConfig } from '../src/config.js';
import { openOrm } from '../src/db/orm.js';
import { createLogger } from '../src/logger.js';
import { type ProcessorDeps, processCsvExport, reportFailedExport } from './csv-export.processor.js';
import { QUEUE_NAMES, redisConnection } from './queues.js';

/** Starts every worker in this process; returns a function that closes them gracefully. */
export async function startWorkers(
  deps: ProcessorDeps,
  prefix: string,
  redisUrl: string,
): Promise<() => Promise<void>> {
  const connection = redisConnection(redisUrl);
  const csvExport = new Worker(QUEUE_NAMES.csvExport, (job) => processCsvExport(deps, job), {
    connection,
    prefix,
    concurrency: 2,
  });
  csvExport.on('failed', (job, error) => void reportFailedExport(deps, job, error));
  csvExport.on('error', (error) => deps.logger.error({ err: error }, 'csv-export worker error'));
  await csvExport.waitUntilReady();
  return async () => {
    // Lets running jobs finish; unfinished ones are picked up again by another worker.
    await csvExport.close();
  };
}

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const orm = await openOrm(config.DATABASE_URL);
  const stop = await startWorkers({ orm, config, logger }, config.QUEUE_PREFIX, config.REDIS_URL);
  logger.info('workers started');
  const shutdown = async () => {
    logger.info('workers shutting down');
    await stop();
    await orm.close();
  };
  process.once('SIGTERM', () => void shutdown());
  process.once('SIGINT', () => void shutdown());
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
