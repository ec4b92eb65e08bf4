import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import { isPng, lookupFileLink } from '../files/file-link.service.js';
import type { Logger } from '../logger.js';

/**
 * An unknown, expired or misplaced link all get this one answer: a different one for an
 * expired link would tell whoever tries tokens that a guess once opened a file.
 */
const NO_FILE = 'No such file, or its link has expired: ask LicBot for the file again.\n';

/**
 * GET /files/<token>: CSV downloads offered by link (Teams bots cannot upload to a channel)
 * and chart PNGs, which a Teams card shows as an image (inline, not as a download).
 * Streamed from disk; anything but a valid link answers the same 404. The token is the only
 * credential and is never logged (the request log leaves the path's token out too: see
 * request-log.ts).
 */
export function createFilesRouter(deps: { orm: Orm; config: Config; logger: Logger; now?: () => Date }): Router {
  const router = Router();
  router.get('/:token', async (req, res) => {
    const found = await lookupFileLink(deps.orm.em.fork(), deps.config, req.params.token, deps.now?.() ?? new Date());
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    if (found.status !== 'ok') {
      res.status(404).type('text/plain').send(NO_FILE);
      return;
    }
    res.status(200);
    const png = isPng(found.name);
    res.setHeader('content-type', png ? 'image/png' : 'text/csv; charset=utf-8');
    res.setHeader('content-length', String(found.bytes));
    res.setHeader(
      'content-disposition',
      `${png ? 'inline' : 'attachment'}; filename="${found.name.replace(/["\\\r\n]/g, '_')}"`,
    );
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'private, no-store');
    res.setHeader('referrer-policy', 'no-referrer');
    try {
      await pipeline(createReadStream(found.path), res);
    } catch (error) {
      deps.logger.warn({ err: error, file: found.name }, 'file download interrupted');
      if (!res.headersSent) res.status(500).end();
    }
  });
  return router;
}
