import type { Account } from '../../db/entities/index.js';
import { EXPIRY_STAGES, expiryRule, expiryStage } from '../../domain/alert-rules.js';
import { addDays, daysBetween, localDate } from '../../domain/time-zone.js';
import { licensesExpiringBetween } from '../../queries/alert-subjects.query.js';
import { expiryAlertMessage } from '../../reports/alerts.report.js';
import { type RoleHolder, roleHolders } from '../roles.js';
import { claimOnce, releaseAlert } from './alert-claims.js';
import { type AlertDeps, type AlertOutcome, deliverAlert } from './alert-delivery.js';

export type { AlertDeps, AlertOutcome };

/**
 * The expiry reminders of one account at `now`: admins get one message per license 30, 7 and
 * 1 days before its expiry date and one on the day itself, days counted in the account's
 * zone. Each stage goes out once per license and expiry date (a renewed license with a new
 * date is reminded again); a stage whose day was missed is sent late, never an earlier one
 * once a later stage is due. HWK licenses are included: hardware keys expire too.
 */
export async function runExpiryAlerts(deps: AlertDeps, account: Account, now: Date): Promise<AlertOutcome[]> {
  const today = localDate(now, account.timeZone);
  const licenses = await licensesExpiringBetween(deps.em, account.id, today, addDays(today, EXPIRY_STAGES[0]));
  let holders: RoleHolder[] | undefined;
  const outcomes: AlertOutcome[] = [];
  for (const license of licenses) {
    const daysLeft = daysBetween(today, license.expiresOn);
    const stage = expiryStage(daysLeft);
    if (stage === undefined) continue;
    const key = {
      accountId: account.id,
      rule: expiryRule(stage),
      subject: `license:${license.licenseId}:${license.expiresOn}`,
    };
    const ours = { lastFiredAt: now, lastValue: daysLeft };
    if (!(await claimOnce(deps.em, key, ours))) continue;
    holders ??= await roleHolders(deps.em, account, 'admin', deps.config.ADMINS);
    const outcome = await deliverAlert(deps, account, {
      rule: key.rule,
      subject: key.subject,
      message: expiryAlertMessage(license, daysLeft, stage),
      holders,
      nobody: 'no admins: add one to the ADMINS setting',
    });
    if (outcome.status === 'failed') await releaseAlert(deps.em, key, ours, undefined);
    outcomes.push(outcome);
  }
  return outcomes;
}
