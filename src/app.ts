import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { type Orm, openOrm } from './db/orm.js';
import { closeServer, createHttpApp, listen } from './http/server.js';
import { createLogger, type Logger } from './logger.js';
import { createSlackPlatform, type SlackPlatform } from './platforms/slack/slack-app.js';

/** Everything a running LicBot holds, built once by `bootstrap` and shared by CLI and tests. */
export interface App {
  config: Config;
  logger: Logger;
  orm: Orm;
  slack?: SlackPlatform;
  /** Starts the HTTP server; resolves with the port it listens on (0 picks a free one). */
  listen(port?: number): Promise<number>;
  close(): Promise<void>;
}

export interface BootstrapOptions {
  logger?: Logger;
  /** The clock commands use; tests pin it. */
  now?: () => Date;
}

export async function bootstrap(config: Config, options: BootstrapOptions = {}): Promise<App> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const orm = await openOrm(config.DATABASE_URL);
  const http = createHttpApp({ orm, logger });
  const chatDeps = { orm, config, logger, now: options.now };
  const slack = createSlackPlatform(http, chatDeps);
  let server: Server | undefined;
  return {
    config,
    logger,
    orm,
    slack,
    async listen(port = config.PORT) {
      server = await listen(http, port);
      await slack?.start();
      return (server.address() as AddressInfo).port;
    },
    async close() {
      await slack?.stop();
      if (server) await closeServer(server);
      await orm.close();
    },
  };
}
