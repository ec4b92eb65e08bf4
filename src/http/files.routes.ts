import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Router } from 'express';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import { isPng, lookupFileLink } from '../files/file-link.service.js';
import type { Logger } from '../logger.js';

/**
 * GET /files/<token>: CSV downloads offered by link (Teams bots cannot upload to a channel)
 * and chart PNGs, which a Teams card shows as an image (inline, not as a download).
 * Streamed from disk; an expired link answers 410 Gone, an unknown one 404. The token is the
 * only credential and is never logged.
 */
export function createFilesRouter(deps: { orm: Orm; config: Config; logger: Logger; now?: () => Date }): Router {
  const router = Router();
  router.get('/:token', async (req, res) => {
    const found = await lookupFileLink(deps.orm.em.fork(), deps.config, req.params.token, deps.now?.() ?? new Date());
    if (found.status === 'expired') {
      res.status(410).type('text/plain').send('This download link has expired. Ask LicBot for the file again.\n');
      return;
    }
    if (found.status === 'missing') {
      res.status(404).type('text/plain').send('No such file.\n');
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
