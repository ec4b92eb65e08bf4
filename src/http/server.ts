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
  // req.ip (the address failed API keys are counted by) comes from X-Forwarded-For only
  // through the proxies TRUST_PROXY names; by default it is the socket's peer.
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use(requestLog(deps.logger));
  app.use(createHealthRouter(deps));
  app.use('/api/v1', createApiV1Router(deps));
  app.use('/files', createFilesRouter(deps));
  return app;
}

/** How long idle keep-alive connections and a request's headers may take (seconds). */
export interface HttpTimeouts {
  keepAliveSeconds: number;
  headersSeconds: number;
}

/**
 * Node closes an idle keep-alive connection after 5 s by default, sooner than any load
 * balancer (60 s is common): the balancer then reuses a socket Node is closing, and its
 * client gets a 502. So the server keeps idle connections longer than the balancer does (it
 * closes first, cleanly), and waits for headers longer still, so a request that starts just
 * as the idle time ends is not cut. requestTimeout (a whole request) stays above both.
 */
export function applyTimeouts(server: Server, timeouts: HttpTimeouts): void {
  server.keepAliveTimeout = timeouts.keepAliveSeconds * 1000;
  server.headersTimeout = timeouts.headersSeconds * 1000;
  server.requestTimeout = Math.max(server.requestTimeout, server.headersTimeout);
}

export async function listen(app: Express, port: number, host = '0.0.0.0', timeouts?: HttpTimeouts): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host, (error?: Error) => (error ? reject(error) : resolve(server)));
    if (timeouts) applyTimeouts(server, timeouts);
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
