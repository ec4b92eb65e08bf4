import { randomUUID } from 'node:crypto';
import { type RequestHandler, Router } from 'express';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import { ingestEvents } from '../ingest/event-ingest.js';
import { putLicenses } from '../ingest/license-api.js';
import type { Logger } from '../logger.js';
import { countEvents } from '../observability/metrics.js';
import { type ApiLocals, rateLimitPerKey, requireApiKey } from './api-auth.js';
import { apiErrorBoundary, sendError } from './api-errors.js';
import { jsonBody } from './json-body.js';
import { openApiDocument } from './openapi.js';

export interface ApiDeps {
  orm: Orm;
  logger: Logger;
  config: Pick<Config, 'HASH_SECRET' | 'QUEUE_PREFIX' | 'API_RATE_LIMIT_PER_MINUTE' | 'API_AUTH_FAILURES_PER_MINUTE'>;
  redis: Redis;
}

const onlyMethod =
  (allowed: string): RequestHandler =>
  (req, res) => {
    res.set('Allow', allowed);
    sendError(res, 405, `${req.method} is not supported here: use ${allowed}.`);
  };

/**
 * `/api/v1`: the event API and the license API for license clients and servers (README "Event API").
 * JSON parsing lives on this router only (Slack verifies signatures on the raw body of its
 * own route). Order matters: who (401, or 429 for an address with too many failed keys) → how often (429) → what (415, 413, 400).
 */
export function createApiV1Router(deps: ApiDeps): Router {
  const router = Router();
  router.use((_req, res, next) => {
    // Set by the request log already when mounted on the app; the router stands alone too.
    if (!res.get('X-Request-Id')) res.set('X-Request-Id', randomUUID());
    next();
  });
  router.get('/openapi.json', (_req, res) => {
    res.json(openApiDocument);
  });
  router.use(
    requireApiKey({
      orm: deps.orm,
      redis: deps.redis,
      logger: deps.logger,
      prefix: deps.config.QUEUE_PREFIX,
      failuresPerWindow: deps.config.API_AUTH_FAILURES_PER_MINUTE,
    }),
  );
  router.use(rateLimitPerKey(deps.redis, deps.config.QUEUE_PREFIX, deps.config.API_RATE_LIMIT_PER_MINUTE));
  router.post('/events', ...jsonBody, async (req, res) => {
    const { accountId } = res.locals as ApiLocals;
    const events = (req.body as { events?: unknown })?.events;
    try {
      const result = await ingestEvents(deps.orm.em.fork(), accountId, req.body, {
        hashSecret: deps.config.HASH_SECRET,
      });
      countEvents('accepted', result.accepted);
      countEvents('duplicate', result.duplicates);
      countEvents('conflict', result.conflicts?.length ?? 0);
      res.json(result);
    } catch (error) {
      countEvents('rejected', Array.isArray(events) ? events.length : 1);
      throw error;
    }
  });
  router.all('/events', onlyMethod('POST'));
  router.put('/licenses', ...jsonBody, async (req, res) => {
    const { accountId } = res.locals as ApiLocals;
    res.json(await putLicenses(deps.orm.em.fork(), accountId, req.body, deps.config.HASH_SECRET));
  });
  router.all('/licenses', onlyMethod('PUT'));
  router.use((req, res) => {
    sendError(res, 404, `No endpoint ${req.method} ${req.originalUrl}: see /api/v1/openapi.json.`);
  });
  router.use(apiErrorBoundary(deps.logger));
  return router;
}
