/**
 * The worker half of bench/reports.ts: one worker process's weekly-report workers (the real
 * startWorkerSet, Slack delivery adapter and ReportCache), alone in this process so its peak
 * RSS is theirs. Configured by the environment like `licbot worker`; talks to the parent
 * over IPC: sends `ready`, and on `stop` closes the workers and answers with the number of
 * report computations and the peak RSS.
 */
import { startWorkerSet } from '../jobs/worker.js';
import { loadConfig } from '../src/config.js';
import { openOrm } from '../src/db/orm.js';
import { createLogger } from '../src/logger.js';
import { round } from './bench-helpers.js';

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const orm = await openOrm(config.DATABASE_URL);
const workers = await startWorkerSet({ orm, config, logger }, config.QUEUE_PREFIX, config.REDIS_URL, ['weekly-report']);
process.send?.({ type: 'ready' });

process.on('message', async (message: { type?: string }) => {
  if (message?.type !== 'stop') return;
  const computations = workers.deps.reportCache?.computations ?? 0;
  // maxRSS is in kB on Linux: the high-water mark of this process's resident memory.
  const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
  await workers.close();
  await orm.close();
  process.send?.({ type: 'stopped', computations, peakRssMb }, () => process.exit(0));
});
