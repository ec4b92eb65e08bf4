import type { Job } from 'bullmq';
import { removeExpiredFiles } from '../src/files/file-link.service.js';
import { closeStaleSessions } from '../src/ingest/session-sweep.js';
import type { Processor, ProcessorDeps } from './processor.js';
import { QUEUE_NAMES, type SweepJob } from './queues.js';

/**
 * Closes sessions whose clients stopped sending heartbeats. A job per minute (one job id
 * per minute, so replicas of the scheduler add it once) instead of a timer in every serving
 * process. The cut-off is taken from the worker's clock: a late sweep closes what is stale now.
 */
async function processSweep(deps: ProcessorDeps, job: Job<SweepJob>): Promise<{ closed: number }> {
  const closed = await closeStaleSessions(
    deps.orm.em.fork(),
    'all',
    deps.config.SESSION_TIMEOUT_MINUTES,
    deps.now?.() ?? new Date(),
  );
  if (closed) deps.logger.info({ closed, jobId: job.id }, 'closed sessions without heartbeat');
  // Expired download links (Teams) give their disk space back; their rows keep answering 410.
  const files = await removeExpiredFiles(deps.orm.em.fork(), deps.now?.() ?? new Date());
  if (files) deps.logger.info({ files, jobId: job.id }, 'removed expired download files');
  return { closed };
}

export const sessionSweepProcessor: Processor<SweepJob> = {
  queue: QUEUE_NAMES.sessionSweep,
  concurrency: 1,
  process: processSweep,
};
