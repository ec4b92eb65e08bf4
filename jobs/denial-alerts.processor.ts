import { type Job, UnrecoverableError } from 'bullmq';
import type { AlertDeps, AlertOutcome } from '../src/core/alerts/alert-delivery.js';
import { runDenialAlerts } from '../src/core/alerts/denial-alerts.js';
import { Account } from '../src/db/entities/index.js';
import type { Processor, ProcessorDeps } from './processor.js';
import type { AccountCheckJob } from './queues.js';

/**
 * The payload of both alert queues: one account and the scheduled instant the check is for.
 * A job that runs late still evaluates its own slot (its window ends at `at`).
 */
export type AlertJob = AccountCheckJob;

type AlertCheck = (deps: AlertDeps, account: Account, now: Date) => Promise<AlertOutcome[]>;

/**
 * Runs one alert check for the job's account and slot. Alerts are claimed before they are
 * sent and a claim is given back only when sending threw, so a retry sends exactly what the
 * failed attempt could not: the job fails (and is retried) when any alert failed that way.
 */
export async function runAlertJob(
  deps: ProcessorDeps,
  job: Job<AlertJob>,
  check: AlertCheck,
): Promise<{ alerts: number; sent: number; undelivered: number; failed: number }> {
  const { accountId, at } = job.data;
  const now = new Date(at);
  if (Number.isNaN(now.getTime())) throw new UnrecoverableError(`job ${job.id}: "${at}" is not an instant`);
  const em = deps.orm.em.fork();
  const account = await em.findOne(Account, { id: accountId });
  if (!account) throw new UnrecoverableError(`account ${accountId} no longer exists`);
  const outcomes = await check(
    { em, config: deps.config, logger: deps.logger, deliveries: deps.deliveries ?? {} },
    account,
    now,
  );
  const count = (status: AlertOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  const result = {
    alerts: outcomes.length,
    sent: count('sent'),
    undelivered: count('undelivered'),
    failed: count('failed'),
  };
  deps.logger.info(
    {
      jobId: job.id,
      queue: job.queueName,
      accountId,
      at,
      ...result,
      outcomes: outcomes.map((o) => ({
        rule: o.rule,
        subject: o.subject,
        status: o.status,
        recipients: o.recipients,
        reason: o.reason,
      })),
    },
    'alert check done',
  );
  if (result.failed > 0) throw new Error(`${result.failed} alert(s) could not be sent; they are retried`);
  return result;
}

/** Frequent denials, checked every 15 minutes per account; managers get a direct message. */
export const denialAlertsProcessor: Processor<AlertJob> = {
  queue: 'denial-alerts',
  concurrency: 2,
  process: (deps, job) => runAlertJob(deps, job, runDenialAlerts),
};
