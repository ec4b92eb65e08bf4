import { Redis } from 'ioredis';
import { createQueues } from '../../jobs/queues.js';
import { openOrm } from '../db/orm.js';
import { UserError } from '../errors.js';
import { createLogger, type Logger } from '../logger.js';
import { type MetricsServer, startMetricsServer } from '../observability/metrics-server.js';
import { keepAlive } from './alive-file.js';
import { startBackground } from './background.js';
import { type CliCommand, parseFlags, writeLine } from './cli-command.js';
import { atMost, shutdownSignal } from './signals.js';

/** The metrics endpoint; a port in use is a setting to fix, said in one line. */
async function metricsOn(port: number, logger: Logger): Promise<MetricsServer> {
  try {
    return await startMetricsServer(port, logger);
  } catch (error) {
    if ((error as { code?: string }).code !== 'EADDRINUSE') throw error;
    throw new UserError(
      `METRICS_PORT ${port} is taken by another process.`,
      'Give each worker and scheduler on one machine a port of its own (or 0 for any free port).',
    );
  }
}

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
      // First, so a port in use stops the process before it takes any job.
      const metrics =
        ctx.config.METRICS_PORT === undefined ? undefined : await metricsOn(ctx.config.METRICS_PORT, logger);
      const orm = await openOrm(ctx.config.DATABASE_URL, logger.child({ component: 'db' }));
      const queues = createQueues(ctx.config.REDIS_URL, ctx.config.QUEUE_PREFIX, logger);
      const stop = await startBackground(
        { workers: name === 'worker', scheduler: name === 'scheduler' },
        { orm, config: ctx.config, logger, queues },
      );
      const probe = new Redis(ctx.config.REDIS_URL, { maxRetriesPerRequest: 1 });
      probe.on('error', () => undefined); // the alive file going stale is the report
      const stopAlive = keepAlive(name, () => probe.ping());
      const serving = metrics ? `, metrics on port ${metrics.port} at /metrics` : '';
      writeLine(
        ctx.stdout,
        `LicBot ${name} running (queue prefix "${ctx.config.QUEUE_PREFIX}"${serving}). Stop with Ctrl+C.`,
      );
      const signal = await signals.received;
      logger.info({ signal }, `${name} shutting down`);
      try {
        stopAlive();
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
