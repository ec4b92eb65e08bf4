import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createQueues } from '../jobs/queues.js';
import type { Config } from './config.js';
import type { ChatDeps } from './core/chat-entry.js';
import { SingleFlight } from './core/single-flight.js';
import { type Orm, openOrm } from './db/orm.js';
import { UserError } from './errors.js';
import { closeServer, createHttpApp, listen } from './http/server.js';
import { closeStaleSessions } from './ingest/session-sweep.js';
import { createLogger, type Logger } from './logger.js';
import { createSlackPlatform, type SlackPlatform } from './platforms/slack/slack-app.js';

/** Everything a running LicBot holds, built once by `bootstrap` and shared by CLI and tests. */
export interface App {
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: Redis;
  slack?: SlackPlatform;
  /** Starts the HTTP server; resolves with the port it listens on (0 picks a free one). */
  listen(port?: number): Promise<number>;
  close(): Promise<void>;
}

const SWEEP_INTERVAL_MS = 60_000;

export interface BootstrapOptions {
  logger?: Logger;
  /** The clock commands use; tests pin it. */
  now?: () => Date;
}

export async function bootstrap(config: Config, options: BootstrapOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const orm = await openOrm(config.DATABASE_URL);
  // Commands fail fast instead of queueing for ever while Redis is away; callers decide.
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 1 });
  redis.on('error', (error) => logger.warn({ err: error }, 'redis connection error'));
  const http = createHttpApp({ orm, logger, config, redis });
  const queues = createQueues(config.REDIS_URL, config.QUEUE_PREFIX, logger);
  const chatDeps: ChatDeps = {
    orm,
    config,
    logger,
    now: options.now,
    exports: {
      kind: 'queue',
      enqueue: async (job) => {
        await queues.csvExport.add('export', job);
      },
    },
    caches: { statsReads: new SingleFlight() },
  };
  const slack = createSlackPlatform(http, chatDeps);
  let server: Server | undefined;
  let sweep: NodeJS.Timeout | undefined;

  // Closes sessions whose clients stopped sending heartbeats. A simple timer in the serving
  // process for now; a BullMQ repeatable job will replace it so one replica runs it.
  const sweepSessions = async () => {
    try {
      const closed = await closeStaleSessions(orm.em.fork(), 'all', config.SESSION_TIMEOUT_MINUTES);
      if (closed) logger.info({ closed }, 'closed sessions without heartbeat');
    } catch (error) {
      logger.error({ err: error }, 'session sweep failed');
    }
  };

  const close = async () => {
    if (sweep) clearInterval(sweep);
    await slack?.stop();
    if (server) await closeServer(server);
    await queues.close();
    await redis.quit().catch(() => redis.disconnect());
    await orm.close();
  };

  return {
    config,
    logger,
    orm,
    redis,
    slack,
    close,
    async listen(port = config.PORT) {
      try {
        server = await listen(http, port);
      } catch (error) {
        // A taken port must not leave the pools open and the process hanging.
        await close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new UserError(`Port ${port} is already in use.`, 'Stop the other process or set PORT to a free port.');
        }
        throw error;
      }
      await slack?.start();
      sweep = setInterval(sweepSessions, SWEEP_INTERVAL_MS);
      sweep.unref();
      return (server.address() as AddressInfo).port;
    },
  };
}
