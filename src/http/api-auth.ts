import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { findAccountIdByApiKey } from '../accounts/api-key.service.js';
import type { Orm } from '../db/orm.js';
import { hashApiKey } from '../domain/secrets.js';
import type { Logger } from '../logger.js';
import { sendError } from './api-errors.js';

/** What the API middleware leaves for the handlers in `res.locals`. */
export interface ApiLocals {
  accountId: number;
  keyHash: string;
}

const UNAUTHORIZED =
  'Missing, unknown or revoked API key: send the header "Authorization: Bearer <api key>" ' +
  '(an admin creates keys with `licbot apikey create`).';

/**
 * Resolves the API key to its account; every later step is scoped to that account. A
 * missing, unknown and revoked key get the same answer, so the answer tells an attacker
 * nothing about which keys exist.
 */
export function requireApiKey(orm: Orm): RequestHandler {
  return async (req, res, next) => {
    const key = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
    const accountId = key ? await findAccountIdByApiKey(orm.em.fork(), key) : undefined;
    if (!key || accountId === undefined) {
      res.set('WWW-Authenticate', 'Bearer realm="licbot"');
      sendError(res, 401, UNAUTHORIZED, 'Authorization');
      return;
    }
    const locals: ApiLocals = { accountId, keyHash: hashApiKey(key) };
    Object.assign(res.locals, locals);
    next();
  };
}

const REDIS_TIMEOUT_MS = 500;

/**
 * At most `limit` requests per API key per clock minute, counted in Redis so the limit holds
 * across replicas (fixed window: INCR on a key per minute that expires after it). When Redis
 * does not answer the request is let through with a warning: a flaky limiter must not stop
 * license clients from reporting.
 */
export function rateLimitPerKey(redis: Redis, prefix: string, limit: number, logger: Logger): RequestHandler {
  return async (_req, res, next) => {
    const now = Date.now();
    const minute = Math.floor(now / 60_000);
    const key = `${prefix}:ratelimit:${(res.locals as ApiLocals).keyHash}:${minute}`;
    let count: number;
    try {
      const counting = redis.multi().incr(key).expire(key, 120).exec();
      const timeout = new Promise<never>((_, reject) => {
        setTimeout(() => reject(new Error(`no answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS).unref();
      });
      const replies = await Promise.race([counting, timeout]);
      count = Number(replies?.[0]?.[1]);
    } catch (error) {
      logger.warn({ err: error }, 'rate limiter: Redis unavailable, request let through');
      next();
      return;
    }
    res.set('RateLimit-Limit', String(limit));
    res.set('RateLimit-Remaining', String(Math.max(0, limit - count)));
    if (count > limit) {
      const retryAfter = Math.ceil(((minute + 1) * 60_000 - now) / 1000);
      res.set('Retry-After', String(retryAfter));
      sendError(res, 429, `More than ${limit} requests this minute with this API key: retry in ${retryAfter} s.`);
      return;
    }
    next();
  };
}
