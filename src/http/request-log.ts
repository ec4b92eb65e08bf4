import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logger.js';

/** Probes and scrapes come every few seconds: at debug level they do not drown the log. */
const QUIET = new Set(['/healthz', '/readyz', '/metrics']);
const INCOMING_ID = /^[\w.:-]{1,100}$/;

/** A download link's path is its credential (`/files/<token>`): the line keeps only its shape. */
const loggedPath = (path: string) => path.replace(/^\/((?:chat\/)?files)\/[^/]+/, '/$1/[token]');

/**
 * Gives each request an id (the caller's X-Request-Id when it sent a sane one), answers
 * with it, and logs one line when the response is done. The query string is left out
 * (it can carry a token), and so is a download link's token.
 */
export function requestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get('x-request-id');
    const reqId = incoming && INCOMING_ID.test(incoming) ? incoming : randomUUID();
    res.set('X-Request-Id', reqId);
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      // originalUrl: a router mounted at /files has cut its own prefix off req.path by now.
      const path = loggedPath(req.originalUrl.split('?')[0] ?? '');
      const line = { reqId, method: req.method, path, status: res.statusCode, ms: Math.round(ms) };
      if (QUIET.has(path) && res.statusCode < 400) logger.debug(line, 'request');
      else logger.info(line, 'request');
    });
    next();
  };
}
