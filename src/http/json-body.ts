import { isUtf8 } from 'node:buffer';
import express, { type RequestHandler } from 'express';
import { sendError } from './api-errors.js';

/** The largest body the API reads, after decompression. */
const LIMIT = '1mb';

const requireJson: RequestHandler = (req, res, next) => {
  if (req.is(['application/json', 'application/*+json'])) return next();
  sendError(res, 415, 'The body must be JSON, sent with the header "Content-Type: application/json".', 'body');
};

/**
 * The body parser decodes bytes that are not UTF-8 as U+FFFD without a word, so text would
 * be stored other than sent: refuse the body instead (body-parser passes this error on with
 * its own status and type).
 */
function refuseInvalidUtf8(_req: unknown, _res: unknown, body: Buffer, encoding: string): void {
  if (/^utf-?8$/i.test(encoding) && !isUtf8(body)) {
    throw Object.assign(new Error('body is not valid UTF-8'), { status: 400, type: 'charset.invalid' });
  }
}

const parse = express.json({ limit: LIMIT, verify: refuseInvalidUtf8 });

/**
 * A body that says it is gzip (or deflate, br) but is not makes zlib fail; body-parser hands
 * that on as a bare 400 error without a `type`, which the boundary would take for a bug.
 */
const parseJson: RequestHandler = (req, res, next) => {
  parse(req, res, (error?: unknown) => {
    if (error === undefined) return next();
    const e = error as { type?: string; status?: number };
    if (!e.type && e.status !== undefined && e.status < 500) e.type = 'encoding.corrupt';
    next(error);
  });
};

/**
 * JSON bodies of `/api/v1`: `Content-Type: application/json` (else 415), at most 1 MiB
 * (413), optionally compressed (`Content-Encoding: gzip`, `deflate` or `br`; another
 * encoding is 415), UTF-8.
 */
export const jsonBody: RequestHandler[] = [requireJson, parseJson];
