import { randomUUID } from 'node:crypto';
import type { ErrorRequestHandler, Response } from 'express';
import { transientDbFault } from '../db/transient-fault.js';
import { UserError } from '../errors.js';
import { ConflictingInputError, InvalidInputError, TooManyItemsError } from '../ingest/input-error.js';
import type { Logger } from '../logger.js';

/** Every error of the API has the same shape, so a client needs one code path to show them. */
export function sendError(res: Response, status: number, message: string, field: string | null = null): void {
  res.status(status).json({ errors: [{ index: null, field, message }] });
}

/** body-parser tags its errors with a `type`; these are the client's fault, not ours. */
const BODY_ERRORS: Record<string, [number, string]> = {
  'entity.too.large': [413, 'The body is larger than 1 MiB: split it into smaller batches.'],
  'entity.parse.failed': [400, 'The body is not valid JSON.'],
  'encoding.unsupported': [
    415,
    'Unsupported Content-Encoding: send plain JSON, or JSON compressed with gzip, deflate or br.',
  ],
  'encoding.corrupt': [
    400,
    'The body could not be decompressed as its Content-Encoding header says: compress it that way, or send plain JSON without the header.',
  ],
  'charset.unsupported': [415, 'Unsupported charset: send the body as UTF-8 JSON.'],
  'charset.invalid': [400, 'The body is not valid UTF-8: send the JSON encoded as UTF-8.'],
  'request.aborted': [400, 'The body was cut off before its end: send it again.'],
};

/**
 * The API's one error boundary: user errors become 4xx answers that say what to fix; a
 * transient database fault (connection lost, server restarting or full, conflicts past the
 * retries) is 503 with Retry-After, since the same request sent again will be stored, once;
 * anything else is logged with a request id and answered 500 quoting that id.
 */
export function apiErrorBoundary(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (error instanceof InvalidInputError) {
      res.status(400).json({ errors: error.issues });
      return;
    }
    if (error instanceof ConflictingInputError) {
      res.status(409).json({ errors: error.issues });
      return;
    }
    if (error instanceof TooManyItemsError) {
      sendError(res, 413, `${error.message} ${error.hint ?? ''}`.trim());
      return;
    }
    if (error instanceof UserError) {
      sendError(res, 400, `${error.message} ${error.hint ?? ''}`.trim());
      return;
    }
    const known = BODY_ERRORS[(error as { type?: string }).type ?? ''];
    if (known) {
      sendError(res, known[0], known[1], 'body');
      return;
    }
    const requestId = (res.getHeader('x-request-id') as string | undefined) ?? randomUUID();
    const fault = transientDbFault(error);
    if (fault) {
      logger.warn({ err: error, requestId, method: req.method, path: req.path }, `event API: ${fault.reason}`);
      res.set('Retry-After', String(fault.retryAfterSeconds));
      // A batch that committed just before the connection broke is not stored twice: its ids
      // are skipped as duplicates when it comes again.
      sendError(
        res,
        503,
        `Temporarily unavailable: ${fault.reason}. Send the same request again in ${fault.retryAfterSeconds} s ` +
          '(safe: events are stored once by their id, licenses by their activation code).',
      );
      return;
    }
    logger.error({ err: error, requestId, method: req.method, path: req.path }, 'event API request failed');
    res.status(500).json({
      errors: [{ index: null, field: null, message: `Internal error; nothing was stored. Request id: ${requestId}` }],
      requestId,
    });
  };
}
