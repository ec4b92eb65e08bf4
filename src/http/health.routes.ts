import { Router } from 'express';
import type { Redis } from 'ioredis';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import { registry } from '../observability/metrics.js';

/** A check that hangs (a black-holed host) must not hang the probe. */
const CHECK_TIMEOUT_MS = 2000;

function within<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${CHECK_TIMEOUT_MS} ms`)),
      CHECK_TIMEOUT_MS,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * `/healthz`: the process is up (a liveness probe restarts it otherwise). `/readyz`: it can
 * serve (PostgreSQL and Redis answer, no migration pending); 503 with every reason
 * otherwise, so a load balancer stops sending it traffic. `/metrics`: Prometheus.
 */
export function createHealthRouter(deps: { orm: Orm; redis: Redis; logger: Logger }): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const reasons: string[] = [];
    const database = within(deps.orm.em.getConnection().execute('select 1'), 'PostgreSQL');
    // While ioredis is reconnecting a ping would only wait out its timeout: say so at once.
    const lost = ['reconnecting', 'close', 'end'].includes(deps.redis.status);
    const ping = lost ? Promise.reject(new Error(deps.redis.status)) : within(deps.redis.ping(), 'Redis');
    const [db, redis] = await Promise.allSettled([database, ping]);
    if (db.status === 'rejected') reasons.push('database unreachable');
    if (redis.status === 'rejected') reasons.push('redis unreachable');
    if (db.status === 'fulfilled') {
      try {
        const pending = await within(deps.orm.getMigrator().getPendingMigrations(), 'the migration check');
        if (pending.length) reasons.push(`${pending.length} migration(s) pending: run licbot migrate`);
      } catch {
        reasons.push('migrations could not be checked');
      }
    }
    if (!reasons.length) {
      res.json({ status: 'ready' });
      return;
    }
    deps.logger.warn({ reasons }, 'readiness check failed');
    res.status(503).json({ status: 'unavailable', reason: reasons.join('; '), reasons });
  });
  router.get('/metrics', async (_req, res) => {
    res.set('Content-Type', registry.contentType);
    res.send(await registry.metrics());
  });
  return router;
}
