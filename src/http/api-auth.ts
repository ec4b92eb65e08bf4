import type { Request, RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { findAccountIdByApiKey } from '../accounts/api-key.service.js';
import type { Orm } from '../db/orm.js';
import { hashApiKey } from '../domain/secrets.js';
import type { Logger } from '../logger.js';
import { sendError } from './api-errors.js';
import { retryAfterSeconds, SharedCounter, WINDOW_SECONDS } from './rate-limits.js';

/** What the API middleware leaves for the handlers in `res.locals`. */
export interface ApiLocals {
  accountId: number;
  keyHash: string;
}

const UNAUTHORIZED =
  'Missing, unknown or revoked API key: send the header "Authorization: Bearer <api key>" ' +
  '(an admin creates keys with `licbot apikey create`).';

/**
 * The client's address as Express reads it: the socket's peer, or the X-Forwarded-For entry
 * the configured TRUST_PROXY hops vouch for (never a header anyone could set). An IPv4
 * client on a dual-stack socket is written as plain IPv4, so it is counted once.
 */
export function clientAddress(req: Request): string {
  const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
  return address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
}

export interface ApiKeyAuth {
  orm: Orm;
  redis: Redis;
  logger: Logger;
  prefix: string;
  /** Failed authentications one address may make per window before it is refused. */
  failuresPerWindow: number;
}

/**
 * Resolves the API key to its account; every later step is scoped to that account. A
 * missing, unknown and revoked key get the same answer, so the answer tells an attacker
 * nothing about which keys exist.
 *
 * Failed attempts are counted per client address (shared by replicas through Redis). Past
 * `failuresPerWindow` in a 60 s window the address gets 429 until the window ends, even
 * with a correct key: the check comes before the lookup, so a guesser learns nothing from
 * the answer and costs no database query. The moment an address is limited is logged once
 * per window, with the address and never the key.
 */
export function requireApiKey(auth: ApiKeyAuth): RequestHandler {
  const failures = new SharedCounter(auth.redis, `${auth.prefix}:ratelimit:auth-failures`, auth.failuresPerWindow);
  const refuse = (res: Parameters<RequestHandler>[1], msLeft: number) => {
    const retryAfter = retryAfterSeconds(msLeft);
    res.set('Retry-After', String(retryAfter));
    sendError(
      res,
      429,
      `More than ${auth.failuresPerWindow} failed API key attempts from this address within ${WINDOW_SECONDS} s: ` +
        `retry in ${retryAfter} s with a valid key (see \`licbot apikey list\`).`,
      'Authorization',
    );
  };
  return async (req, res, next) => {
    const address = clientAddress(req);
    const sofar = await failures.peek(address);
    if (sofar.count >= auth.failuresPerWindow) return refuse(res, sofar.msLeft);
    const key = /^Bearer +(\S+) *$/i.exec(req.get('authorization') ?? '')?.[1];
    const accountId = key ? await findAccountIdByApiKey(auth.orm.em.fork(), key) : undefined;
    if (key && accountId !== undefined) {
      const locals: ApiLocals = { accountId, keyHash: hashApiKey(key) };
      Object.assign(res.locals, locals);
      next();
      return;
    }
    const now = await failures.add(address);
    if (now.count === auth.failuresPerWindow)
      auth.logger.warn(
        {
          address,
          failures: now.count,
          windowSeconds: WINDOW_SECONDS,
          retryAfterSeconds: retryAfterSeconds(now.msLeft),
        },
        'API key failures: address refused until the window ends',
      );
    // Attempts that raced past the check above are already over the limit.
    if (now.count > auth.failuresPerWindow) return refuse(res, now.msLeft);
    res.set('WWW-Authenticate', 'Bearer realm="licbot"');
    sendError(res, 401, UNAUTHORIZED, 'Authorization');
  };
}

/**
 * At most `limit` requests per API key per 60 s window, counted in Redis so the limit holds
 * across replicas (per process while Redis is away: see SharedCounter).
 */
export function rateLimitPerKey(redis: Redis, prefix: string, limit: number): RequestHandler {
  const requests = new SharedCounter(redis, `${prefix}:ratelimit:key`, limit);
  return async (_req, res, next) => {
    const now = await requests.add((res.locals as ApiLocals).keyHash);
    res.set('RateLimit-Limit', String(limit));
    res.set('RateLimit-Remaining', String(Math.max(0, limit - now.count)));
    if (now.count > limit) {
      const retryAfter = retryAfterSeconds(now.msLeft);
      res.set('Retry-After', String(retryAfter));
      sendError(res, 429, `More than ${limit} requests this minute with this API key: retry in ${retryAfter} s.`);
      return;
    }
    next();
  };
}
