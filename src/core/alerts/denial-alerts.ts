import type { Account } from '../../db/entities/index.js';
import { type AlertMemory, type DenialDecision, decideDenialAlert } from '../../domain/alert-rules.js';
import type { DenialFlag } from '../../domain/flags.js';
import { trailingWindow } from '../../domain/time-window.js';
import { deniedUsers } from '../../queries/alert-subjects.query.js';
import { frequentDenials } from '../../queries/denials.query.js';
import { type PoolUsage, poolUsage } from '../../queries/pool-usage.query.js';
import { DENIED_USERS_SHOWN, denialAlertMessage } from '../../reports/alerts.report.js';
import { type RoleHolder, roleHolders } from '../roles.js';
import { claimAlert, readAlertMemory, releaseAlert } from './alert-claims.js';
import { type AlertDeps, type AlertOutcome, deliverAlert } from './alert-delivery.js';

export type { AlertDeps, AlertOutcome };

export const DENIAL_RULE = 'denials';

/** Managers hear about denials; an account without managers tells its admins instead. */
async function denialRecipients(deps: AlertDeps, account: Account): Promise<RoleHolder[]> {
  const managers = await roleHolders(deps.em, account, 'manager', deps.config.ADMINS);
  return managers.length ? managers : roleHolders(deps.em, account, 'admin', deps.config.ADMINS);
}

/**
 * The frequent-denials check of one account at `now` (docs/numbers.md, Flags): every SUL/MUL license
 * whose Declined Access over the account's window reached its threshold is alerted unless the
 * same alert went out within 24 hours and the count has not doubled since. Safe to run on
 * several replicas at once: each alert is claimed in alert_state before it is sent.
 */
export async function runDenialAlerts(deps: AlertDeps, account: Account, now: Date): Promise<AlertOutcome[]> {
  if (!account.alertsEnabled) return [];
  const zone = account.timeZone;
  const window = trailingWindow(account.denialWindowDays, now, zone);
  const flags = await frequentDenials(deps.em, account.id, window, account.denialThreshold, zone);
  if (flags.length === 0) return [];
  let pools: Map<number, PoolUsage> | undefined;
  let holders: RoleHolder[] | undefined;
  const outcomes: AlertOutcome[] = [];
  for (const flag of flags) {
    const key = { accountId: account.id, rule: DENIAL_RULE, subject: `license:${flag.licenseId}` };
    const previous = await readAlertMemory(deps.em, key);
    const decision = decideDenialAlert(previous, flag.declined, now);
    if (!decision.fire) continue;
    const ours: AlertMemory = { lastFiredAt: now, lastValue: flag.declined };
    if (!(await claimAlert(deps.em, key, previous, ours))) continue;
    if (flag.licenseType === 'MUL' && !pools) {
      pools = new Map((await poolUsage(deps.em, account.id, window)).map((p) => [p.licenseId, p]));
    }
    holders ??= await denialRecipients(deps, account);
    const outcome = await deliverAlert(deps, account, {
      rule: DENIAL_RULE,
      subject: key.subject,
      message: await composeDenialAlert(deps, account, flag, pools, decision, previous),
      holders,
      nobody: 'no managers or admins: grant the manager role with /licstats managers add @user',
    });
    if (outcome.status === 'failed') await releaseAlert(deps.em, key, ours, previous);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function composeDenialAlert(
  deps: AlertDeps,
  account: Account,
  flag: DenialFlag,
  pools: Map<number, PoolUsage> | undefined,
  decision: DenialDecision & { fire: true },
  previous: AlertMemory | undefined,
) {
  const pool = flag.licenseType === 'MUL' ? pools?.get(flag.licenseId) : undefined;
  return denialAlertMessage({
    flag,
    windowDays: account.denialWindowDays,
    pool: pool ? { peak: pool.peak, peakAt: pool.peakAt } : undefined,
    users: await deniedUsers(deps.em, account.id, flag.licenseId, flag.window, DENIED_USERS_SHOWN),
    decision,
    previous,
    zone: account.timeZone,
  });
}
