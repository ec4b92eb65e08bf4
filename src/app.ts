import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import type { Redis } from 'ioredis';
import { createQueues, type Queues, queueList } from '../jobs/queues.js';
import type { Config } from './config.js';
import type { ChatDeps } from './core/chat-entry.js';
import { SingleFlight } from './core/single-flight.js';
import { type Orm, openOrm } from './db/orm.js';
import { UserError } from './errors.js';
import { closeServer, createHttpApp, listen } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { commandDuration, trackQueueDepth } from './observability/metrics.js';
import { openRedis } from './observability/redis-connection.js';
import { createSlackPlatform, type SlackPlatform } from './platforms/slack/slack-app.js';
import { createTeamsPlatform } from './platforms/teams/teams-app.js';
import { createWebChatRouter } from './platforms/web/web-chat.routes.js';

/** Everything a running LicBot holds, built once by `bootstrap` and shared by CLI and tests. */
export interface App {
  config: Config;
  logger: Logger;
  orm: Orm;
  redis: Redis;
  /** The producer side of every queue (the workers and the scheduler are started by the CLI). */
  queues: Queues;
  slack?: SlackPlatform;
  /** Every chat platform this install runs (those configured among `BootstrapOptions.platforms`). */
  platforms: ChatPlatform[];
  /** The listening HTTP server, once `listen` has resolved. */
  readonly server: Server | undefined;
  /** Starts the HTTP server; resolves with the port it listens on (0 picks a free one). */
  listen(port?: number, host?: string): Promise<number>;
  /**
   * Stops taking requests and waits (bounded) for in-flight ones, runs `beforeConnections`
   * (the in-process workers), then closes Slack, queues, Redis and PostgreSQL.
   */
  close(beforeConnections?: () => Promise<void>): Promise<void>;
}

/** A running chat platform: its endpoint is mounted on the shared HTTP app. */
export interface ChatPlatform {
  name: 'slack' | 'teams';
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Mounts one platform on the HTTP app; undefined when the configuration does not enable it. */
export type PlatformFactory = (http: Express, deps: ChatDeps) => ChatPlatform | undefined;

/** The platforms a default install runs, each when configured. */
export const DEFAULT_PLATFORMS: PlatformFactory[] = [createSlackPlatform, createTeamsPlatform];

export interface BootstrapOptions {
  logger?: Logger;
  /** The chat platforms to mount (default: DEFAULT_PLATFORMS). */
  platforms?: PlatformFactory[];
  /** The clock commands use; tests pin it. */
  now?: () => Date;
  /** Serve the browser chat page at `/` (default: in development). Never in production. */
  webChat?: boolean;
}

/** What people type is unbounded; a metric label must not be (one series per value). */
const commandLabel = (command: string) =>
  ['licstats', 'sessions'].includes(command) || /^licbot:[\w-]+$/.test(command) ? command : 'other';

export async function bootstrap(config: Config, options: BootstrapOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const orm = await openOrm(config.DATABASE_URL, logger.child({ component: 'db' }));
  const { redis, outages } = openRedis(config.REDIS_URL, logger);
  const http = createHttpApp({ orm, logger, config, redis, now: options.now });
  const queues = createQueues(config.REDIS_URL, config.QUEUE_PREFIX, logger, (queue, error) =>
    outages.secondaryFailed(`queue ${queue}`, error),
  );
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
    observeCommand: ({ command, platform, outcome, seconds }) =>
      commandDuration.observe({ command: commandLabel(command), platform, outcome }, seconds),
  };
  const untrackQueues = trackQueueDepth(queueList(queues));
  const platforms = (options.platforms ?? DEFAULT_PLATFORMS)
    .map((create) => create(http, chatDeps))
    .filter((p): p is ChatPlatform => p !== undefined);
  const slack = platforms.find((p): p is SlackPlatform => p.name === 'slack');
  const webChat = config.NODE_ENV !== 'production' && (options.webChat ?? config.NODE_ENV === 'development');
  if (webChat) http.use(createWebChatRouter(chatDeps));
  let server: Server | undefined;

  const close = async (beforeConnections?: () => Promise<void>) => {
    for (const platform of platforms) await platform.stop();
    if (server) await closeServer(server);
    await beforeConnections?.();
    untrackQueues();
    await queues.close();
    await redis.quit().catch(() => redis.disconnect());
    await orm.close();
  };

  return {
    config,
    logger,
    orm,
    redis,
    queues,
    slack,
    platforms,
    close,
    get server() {
      return server;
    },
    async listen(port = config.PORT, host?: string) {
      try {
        server = await listen(http, port, host, {
          keepAliveSeconds: config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS,
          headersSeconds: config.HTTP_HEADERS_TIMEOUT_SECONDS,
        });
      } catch (error) {
        // A taken port must not leave the pools open and the process hanging.
        await close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
          throw new UserError(`Port ${port} is already in use.`, 'Stop the other process or set PORT to a free port.');
        }
        throw error;
      }
      for (const platform of platforms) await platform.start();
      return (server.address() as AddressInfo).port;
    },
  };
}
