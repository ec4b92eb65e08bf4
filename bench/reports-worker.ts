/**
 * The worker half of bench/reports.ts: one worker process's weekly-report workers (the real
 * startWorkerSet, Slack delivery adapter and ReportCache), alone in this process so its peak
 * RSS is theirs. Configured by the environment like `licbot worker`; talks to the parent
 * over IPC: sends `ready`, and on `stop` closes the workers and answers with the number of
 * report computations and the peak RSS.
 *
 * Two what-if knobs, both off by default (the production configuration), change nothing
 * outside this process: BENCH_WORKER_CONCURRENCY overrides the weekly-report processor's
 * concurrency, and BENCH_UNPACED_SHARES=1 gives the CSV shares a ChannelPacer of their own
 * (a second adapter instance), so a share no longer waits 1 s behind its own message.
 */
import { weeklyReportProcessor } from '../jobs/weekly-report.processor.js';
import { startWorkerSet } from '../jobs/worker.js';
import { loadConfig } from '../src/config.js';
import { openOrm } from '../src/db/orm.js';
import { createLogger } from '../src/logger.js';
import { createSlackDelivery } from '../src/platforms/slack/slack-delivery.js';
import { round } from './bench-helpers.js';

const config = loadConfig(process.env);
const logger = createLogger(config.LOG_LEVEL);
const orm = await openOrm(config.DATABASE_URL);
if (process.env.BENCH_WORKER_CONCURRENCY)
  weeklyReportProcessor.concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY);
const unpacedShares = process.env.BENCH_UNPACED_SHARES === '1';
const messages = createSlackDelivery(config, logger);
const deliveries = unpacedShares
  ? { slack: { ...messages, uploadFiles: createSlackDelivery(config, logger).uploadFiles } }
  : { slack: messages };
const workers = await startWorkerSet({ orm, config, logger, deliveries }, config.QUEUE_PREFIX, config.REDIS_URL, [
  'weekly-report',
]);
process.send?.({ type: 'ready', concurrency: weeklyReportProcessor.concurrency, unpacedShares });

process.on('message', async (message: { type?: string }) => {
  if (message?.type !== 'stop') return;
  const computations = workers.deps.reportCache?.computations ?? 0;
  // maxRSS is in kB on Linux: the high-water mark of this process's resident memory.
  const peakRssMb = round(process.resourceUsage().maxRSS / 1024);
  const usage = process.cpuUsage();
  const cpuSeconds = round((usage.user + usage.system) / 1e6, 2);
  await workers.close();
  await orm.close();
  process.send?.({ type: 'stopped', computations, peakRssMb, cpuSeconds }, () => process.exit(0));
});
