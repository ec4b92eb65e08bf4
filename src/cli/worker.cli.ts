import { Redis } from 'ioredis';
import { createQueues, queueList } from '../../jobs/queues.js';
import { openOrm } from '../db/orm.js';
import { createLogger } from '../logger.js';
import { trackQueueDepth } from '../observability/metrics.js';
import { startMetricsServer } from '../observability/metrics-server.js';
import { keepAlive } from './alive-file.js';
import { startBackground } from './background.js';
import { type CliCommand, parseFlags, writeLine } from './cli-command.js';
import { atMost, shutdownSignal } from './signals.js';

/** `licbot worker` and `licbot scheduler`: the two background processes, scalable apart. */
function backgroundCommand(name: 'worker' | 'scheduler'): CliCommand {
  return {
    name,
    summary:
      name === 'worker'
        ? 'run every job processor (weekly reports, alerts, exports, deliveries, session sweep)'
        : 'run the schedule (node-cron): enqueue due reports, alert checks and the session sweep',
    usage: `licbot ${name}`,
    async run(argv, ctx) {
      parseFlags(argv, {});
      const signals = shutdownSignal();
      const logger = createLogger(ctx.config.LOG_LEVEL);
      const orm = await openOrm(ctx.config.DATABASE_URL, logger.child({ component: 'db' }));
      const queues = createQueues(ctx.config.REDIS_URL, ctx.config.QUEUE_PREFIX, logger);
      const stop = await startBackground(
        { workers: name === 'worker', scheduler: name === 'scheduler' },
        { orm, config: ctx.config, logger, queues },
      );
      const probe = new Redis(ctx.config.REDIS_URL, { maxRetriesPerRequest: 1 });
      probe.on('error', () => undefined); // the alive file going stale is the report
      const stopAlive = keepAlive(name, () => probe.ping());
      const metrics =
        ctx.config.METRICS_PORT === undefined ? undefined : await startMetricsServer(ctx.config.METRICS_PORT);
      const untrackQueues = metrics ? trackQueueDepth(queueList(queues)) : () => undefined;
      const serving = metrics ? `, metrics on port ${metrics.port} at /metrics` : '';
      writeLine(
        ctx.stdout,
        `LicBot ${name} running (queue prefix "${ctx.config.QUEUE_PREFIX}"${serving}). Stop with Ctrl+C.`,
      );
      const signal = await signals.received;
      logger.info({ signal }, `${name} shutting down`);
      try {
        stopAlive();
        untrackQueues();
        await metrics?.close();
        probe.disconnect();
        await stop();
        await atMost(Promise.all([queues.close(), orm.close()]), 5000);
      } finally {
        signals.dispose();
      }
      return 0;
    },
  };
}

export const workerCommand = backgroundCommand('worker');
export const schedulerCommand = backgroundCommand('scheduler');
