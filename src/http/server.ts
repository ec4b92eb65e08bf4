import type { Server } from 'node:http';
import express, { type Express } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { createApiV1Router } from './api-v1.routes.js';
import { createFilesRouter } from './files.routes.js';
import { createHealthRouter } from './health.routes.js';
import { requestLog } from './request-log.js';

export interface HttpDeps {
  orm: Orm;
  logger: Logger;
  config: Config;
  redis: Redis;
  /** The clock download links are checked against; tests pin it. */
  now?: () => Date;
}

/**
 * The one HTTP app: health endpoints here; the event API, Slack and Teams mount their own
 * routers on it. Each router keeps its own body parsing (Slack needs the raw body to verify
 * signatures), so there is no global body parser.
 */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestLog(deps.logger));
  app.use(createHealthRouter(deps));
  app.use('/api/v1', createApiV1Router(deps));
  app.use('/files', createFilesRouter(deps));
  return app;
}

export async function listen(app: Express, port: number, host = '0.0.0.0'): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
  });
}

/** How long a shutdown lets in-flight requests finish before cutting their connections. */
export const REQUEST_GRACE_MS = 10_000;

/**
 * Stops accepting connections, closes idle keep-alive ones, and gives requests in flight
 * up to `graceMs` to finish; whatever is still open after that is cut.
 */
export async function closeServer(server: Server, graceMs = REQUEST_GRACE_MS): Promise<void> {
  const closed = new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(timer);
  }
}
