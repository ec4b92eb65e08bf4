import { type Job, UnrecoverableError } from 'bullmq';
import { type ChatDelivery, DeliveryRefused } from '../src/core/delivery.js';
import { Subscription } from '../src/db/entities/index.js';
import { weeklyReportReply } from '../src/reports/weekly.report.js';
import {
  claimDelivery,
  type DeliveryRow,
  failPendingDelivery,
  readDelivery,
  recordDelivery,
  withDeliveryLock,
} from './delivery-claim.js';
import type { Processor, ProcessorDeps } from './processor.js';
import { QUEUE_NAMES, type WeeklyReportJob } from './queues.js';
import { ReportCache } from './report-cache.js';

export type WeeklyOutcome =
  | { outcome: 'posted' | 'already posted'; channel: string; messageTs: string | null; periodKey: string }
  | { outcome: 'skipped' | 'paused'; periodKey: string; reason?: string };

/** Posts never found again in history are looked for from this long before the first claim. */
const HISTORY_MARGIN_MS = 10 * 60_000;

/**
 * Posts one subscription's weekly report for one period, exactly once: the delivery row is
 * claimed first and marked after each step (message, then CSV); a retry of a claimed row
 * looks for the message by its delivery key in the channel before posting again, and skips
 * a file it finds there too.
 */
async function processWeeklyReport(deps: ProcessorDeps, job: Job<WeeklyReportJob>): Promise<WeeklyOutcome> {
  const { subscriptionId, periodKey } = job.data;
  const em = deps.orm.em.fork();
  const now = deps.now?.() ?? new Date();
  const subscription = await em.findOne(Subscription, { id: subscriptionId }, { populate: ['account'] });
  if (!subscription || subscription.deletedAt)
    throw new UnrecoverableError(`subscription ${subscriptionId} was deleted`);
  if (subscription.paused && !job.data.manual) return { outcome: 'paused', periodKey };
  const account = subscription.account.getEntity();
  const { row, claimed } = await claimDelivery(
    em,
    { accountId: account.id, subscriptionId, periodKey, dueAt: new Date(job.data.dueAt) },
    now,
  );
  if (!claimed) return finished(row, subscription.target, periodKey);
  const delivery = deps.deliveries?.[subscription.platform];
  if (!delivery) {
    const reason = `no ${subscription.platform} delivery configured in this LicBot`;
    await recordDelivery(em, row.id, { failed: reason });
    throw new UnrecoverableError(reason);
  }
  const locked = await withDeliveryLock(deps.config.DATABASE_URL, row.id, () =>
    postOnce(deps, { delivery, subscription, periodKey, rowId: row.id, now }),
  );
  // Another worker is posting this very delivery (a stalled job picked up twice): try later.
  if (!locked.locked) throw new Error(`delivery ${row.id} is being posted by another worker`);
  return locked.value;
}

interface PostTarget {
  delivery: ChatDelivery;
  subscription: Subscription;
  periodKey: string;
  rowId: number;
  now: Date;
}

async function postOnce(deps: ProcessorDeps, target: PostTarget): Promise<WeeklyOutcome> {
  const { delivery, subscription, periodKey, rowId, now } = target;
  const em = deps.orm.em.fork();
  let row = await readDelivery(em, rowId);
  if (row.status === 'sent') return finished(row, subscription.target, periodKey);
  const account = subscription.account.getEntity();
  const key = `weekly:${subscription.id}:${periodKey}`;
  // startWorkerSet gives every worker process one cache; without it, this job computes alone.
  const cache = deps.reportCache ?? new ReportCache(deps.config.DATABASE_URL);
  const report = await cache.get(em, account, periodKey, subscription.timeZone, now);
  const reply = weeklyReportReply(report);
  const files = (reply.files ?? []).map((f) => cache.sharedFile(account.id, periodKey, subscription.timeZone, f));
  try {
    if (row.attempts > 1 && (!row.message_ts || !row.file_sent))
      row = await recoverEarlierPost(em, delivery, subscription.target, key, row, files);
    if (!row.message_ts) {
      const posted = await delivery.postToChannel(
        subscription.target,
        { ...reply, files: undefined },
        { deliveryKey: key },
      );
      await recordDelivery(em, rowId, { messageTs: posted.messageTs });
      row = { ...row, message_ts: posted.messageTs };
    }
    if (!row.file_sent && files.length) {
      await delivery.uploadFiles(subscription.target, files);
      await recordDelivery(em, rowId, { fileSent: true });
    }
  } catch (error) {
    if (!(error instanceof DeliveryRefused)) throw error;
    await recordDelivery(em, rowId, { failed: `${error.code}: ${error.reason}` });
    if (error.needsInvite) await askForInvite(deps, subscription, periodKey);
    else if (error.code === 'bot_removed' || error.code === 'conversation_not_found')
      await tellRemoved(deps, subscription, periodKey, error.reason);
    throw new UnrecoverableError(`${error.code}: ${error.reason}`);
  }
  await recordDelivery(em, rowId, { sentAt: deps.now?.() ?? new Date() });
  deps.logger.info({ subscription: subscription.id, periodKey, channel: subscription.target }, 'weekly report posted');
  return { outcome: 'posted', channel: subscription.target, messageTs: row.message_ts, periodKey };
}

/** An attempt died after Slack took the post but before it was recorded: find what it made. */
async function recoverEarlierPost(
  em: ReturnType<ProcessorDeps['orm']['em']['fork']>,
  delivery: ChatDelivery,
  channel: string,
  key: string,
  row: DeliveryRow,
  files: NonNullable<ReturnType<typeof weeklyReportReply>['files']>,
): Promise<DeliveryRow> {
  const since = new Date(new Date(row.created_at).getTime() - HISTORY_MARGIN_MS);
  const found = await delivery.findPosted(channel, key, since);
  if (!found) return row;
  const fileSent = row.file_sent || (files.length > 0 && files.every((f) => found.fileNames.includes(f.name)));
  await recordDelivery(em, row.id, { messageTs: found.messageTs, fileSent });
  return { ...row, message_ts: found.messageTs, file_sent: fileSent };
}

/** The bot is not in the channel: tell the subscriber how to fix it, once per period. */
async function askForInvite(deps: ProcessorDeps, subscription: Subscription, periodKey: string): Promise<void> {
  const channel = subscription.targetName ? `#${subscription.targetName}` : `<#${subscription.target}>`;
  await deps.queues?.deliver.add(
    'invite hint',
    {
      accountId: subscription.account.id,
      platform: subscription.platform,
      userId: subscription.createdBy,
      reply: {
        text: `I could not post the weekly license report (subscription ${subscription.id}) in ${channel}: I am not a member of it. Type /invite @LicBot there, then run /licstats subscriptions to check; next week's report will go out as planned.`,
      },
    },
    { jobId: `invite:${subscription.id}:${periodKey}` },
  );
}

/** The bot was removed from the channel (Teams): the admin who subscribed hears why, once per period. */
async function tellRemoved(deps: ProcessorDeps, subscription: Subscription, periodKey: string, reason: string) {
  const channel = subscription.targetName ? `#${subscription.targetName}` : subscription.target;
  await deps.queues?.deliver.add(
    'removed notice',
    {
      accountId: subscription.account.id,
      platform: subscription.platform,
      userId: subscription.createdBy,
      reply: {
        text: `I could not post the weekly license report (subscription ${subscription.id}) in ${channel}. ${reason} Until then nothing more is posted there; /licstats subscriptions shows why.`,
      },
    },
    { jobId: `removed:${subscription.id}:${periodKey}` },
  );
}

function finished(row: DeliveryRow, channel: string, periodKey: string): WeeklyOutcome {
  if (row.status === 'skipped') return { outcome: 'skipped', periodKey, reason: row.error ?? undefined };
  return { outcome: 'already posted', channel, messageTs: row.message_ts, periodKey };
}

export const weeklyReportProcessor: Processor<WeeklyReportJob> = {
  queue: QUEUE_NAMES.weeklyReport,
  // Each job waits on Slack most of its time; the ORM pool (10) serves their short queries.
  concurrency: 12,
  process: processWeeklyReport,
  async onFailed(deps, job, error) {
    if (!job) return;
    const last = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    deps.logger.warn({ err: error, jobId: job.id, last }, 'weekly report attempt failed');
    if (!last || error instanceof UnrecoverableError) return;
    await failPendingDelivery(
      deps.orm.em.fork(),
      job.data,
      `gave up after ${job.attemptsMade} attempts: ${error.message}`,
    );
  },
};
