import { runExpiryAlerts } from '../src/core/alerts/expiry-alerts.js';
import { type AlertJob, runAlertJob } from './denial-alerts.processor.js';
import type { Processor } from './processor.js';

/** Expiry reminders (30, 7, 1 days before and on the day) for one account; admins get them. */
export const expiryAlertsProcessor: Processor<AlertJob> = {
  queue: 'expiry-alerts',
  concurrency: 2,
  process: (deps, job) => runAlertJob(deps, job, runExpiryAlerts),
};
