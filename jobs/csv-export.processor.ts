import { type Job, UnrecoverableError } from 'bullmq';
import { replyForError } from '../src/core/boundary.js';
import { dispatch } from '../src/core/dispatch.js';
import type { Reply } from '../src/core/reply.js';
import { Account } from '../src/db/entities/index.js';
import { deserializeWindow } from '../src/domain/time-window.js';
import { UserError } from '../src/errors.js';
import { createSlackClient, deliverReply, postToResponseUrl } from '../src/platforms/slack/deliver.js';
import type { Processor, ProcessorDeps } from './processor.js';
import { type CsvExportJob, QUEUE_NAMES } from './queues.js';

/**
 * Runs the exported command again in the worker, for the same person (dispatch re-checks
 * their role, so a role removed in the meantime stops the export), and delivers the file.
 * In `inline` export mode the command builds its file here instead of queueing it again.
 */
export async function processCsvExport(deps: ProcessorDeps, job: Job<CsvExportJob>): Promise<{ files: string[] }> {
  const data = job.data;
  const em = deps.orm.em.fork();
  const account = await em.findOne(Account, { id: data.accountId });
  if (!account) throw new UnrecoverableError(`account ${data.accountId} no longer exists`);
  let reply: Reply;
  try {
    reply = await dispatch(
      {
        account,
        platform: data.platform,
        userId: data.userId,
        channelId: data.channelId,
        command: data.command,
        args: data.args,
        replyTo: data.replyTo,
      },
      // The request's own instant and window, not this worker's clock: the file must be the
      // one the "Preparing …" answer named, however late the job runs.
      {
        em,
        config: deps.config,
        now: new Date(data.requestedAt),
        window: data.window ? deserializeWindow(data.window) : undefined,
        exports: { kind: 'inline' },
      },
    );
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // The person is told why; retrying cannot change the answer.
    await tellPerson(deps, data, replyForError(error, deps.logger));
    throw new UnrecoverableError(error.message);
  }
  if (data.platform === 'slack') {
    const responseUrl = data.replyTo?.platform === 'slack' ? data.replyTo.responseUrl : undefined;
    await deliverReply(
      createSlackClient(deps.config, deps.logger),
      reply,
      { channelId: data.channelId, userId: data.userId, responseUrl },
      deps.logger,
    );
  } else {
    await sendThroughPort(deps, data, reply);
  }
  return { files: (reply.files ?? []).map((f) => f.name) };
}

/** Platforms without a response_url get the file where it was asked for, through the delivery port. */
async function sendThroughPort(deps: ProcessorDeps, data: CsvExportJob, reply: Reply): Promise<void> {
  const delivery = deps.deliveries?.[data.platform];
  if (!delivery) throw new UnrecoverableError(`no ${data.platform} delivery configured`);
  const conversation = data.replyTo?.platform === data.platform ? data.replyTo : undefined;
  const to = conversation && 'conversationId' in conversation ? conversation.conversationId : data.channelId;
  if (to) await delivery.postToChannel(to, reply);
  else await delivery.sendDirect(data.userId, reply);
}

async function tellPerson(deps: ProcessorDeps, data: CsvExportJob, reply: Reply): Promise<void> {
  try {
    if (data.platform !== 'slack') await sendThroughPort(deps, data, reply);
    else if (data.replyTo?.platform === 'slack') await postToResponseUrl(data.replyTo.responseUrl, reply);
  } catch (error) {
    deps.logger.warn({ err: error }, 'could not tell the user about a failed export');
  }
}

/** After the last attempt failed, the person hears about it instead of waiting for ever. */
export async function reportFailedExport(
  deps: ProcessorDeps,
  job: Job<CsvExportJob> | undefined,
  error: Error,
): Promise<void> {
  if (!job || error instanceof UnrecoverableError || job.attemptsMade < (job.opts.attempts ?? 1)) return;
  deps.logger.error({ err: error, jobId: job.id }, 'CSV export failed for good');
  await tellPerson(deps, job.data, {
    text: 'Sorry, I could not produce that CSV file after several attempts. Please try again later.',
  });
}

export const csvExportProcessor: Processor<CsvExportJob> = {
  queue: QUEUE_NAMES.csvExport,
  concurrency: 2,
  process: processCsvExport,
  onFailed: reportFailedExport,
};
