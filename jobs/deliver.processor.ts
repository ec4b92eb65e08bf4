import { type Job, UnrecoverableError } from 'bullmq';
import { DeliveryRefused } from '../src/core/delivery.js';
import type { Processor, ProcessorDeps } from './processor.js';
import { type DeliverJob, QUEUE_NAMES } from './queues.js';

/**
 * Sends one direct message (an invite hint, a notice that a post failed for good). Its own
 * queue, so it is retried with backoff on its own and never holds up the report that asked
 * for it; the job id chosen by the asker makes it once per occasion.
 */
async function processDeliver(deps: ProcessorDeps, job: Job<DeliverJob>): Promise<{ sentTo: string }> {
  const delivery = deps.deliveries?.[job.data.platform];
  if (!delivery) throw new UnrecoverableError(`no ${job.data.platform} delivery configured`);
  try {
    await delivery.sendDirect(job.data.userId, job.data.reply);
  } catch (error) {
    if (error instanceof DeliveryRefused) throw new UnrecoverableError(`${error.code}: ${error.reason}`);
    throw error;
  }
  return { sentTo: `${job.data.platform}:${job.data.userId}` };
}

export const deliverProcessor: Processor<DeliverJob> = {
  queue: QUEUE_NAMES.deliver,
  concurrency: 4,
  process: processDeliver,
};
