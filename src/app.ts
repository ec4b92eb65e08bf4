import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { type Orm, openOrm } from './db/orm.js';
import { closeServer, createHttpApp, listen } from './http/server.js';
import { createLogger, type Logger } from './logger.js';

/** Everything a running LicBot holds, built once by `bootstrap` and shared by CLI and tests. */
export interface App {
  config: Config;
  logger: Logger;
  orm: Orm;
  /** Starts the HTTP server; resolves with the port it listens on (0 picks a free one). */
  listen(port?: number): Promise<number>;
  close(): Promise<void>;
}

export async function bootstrap(config: Config, logger: Logger = createLogger(config.LOG_LEVEL)): Promise<App> {
  const orm = await openOrm(config.DATABASE_URL);
  const http = createHttpApp({ orm, logger });
  let server: Server | undefined;
  return {
    config,
    logger,
    orm,
    async listen(port = config.PORT) {
      server = await listen(http, port);
      return (server.address() as AddressInfo).port;
    },
    async close() {
      if (server) await closeServer(server);
      await orm.close();
    },
  };
}
