import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.js';
import type { Account } from '../../db/entities/index.js';
import { query, sql } from '../../db/sql.js';
import type { Logger } from '../../logger.js';
import type { AlertMessage } from '../../reports/alerts.report.js';
import { type Deliveries, DeliveryRefused } from '../delivery.js';
import type { Reply } from '../reply.js';
import { rerunButton } from '../rerun-button.js';
import type { RoleHolder } from '../roles.js';

/** What an alert check needs: a unit of work, the config (ADMINS), a log and the adapters. */
export interface AlertDeps {
  em: EntityManager;
  config: Config;
  logger: Logger;
  deliveries: Deliveries;
}

/** One alert that was due, and what became of it (also a row of alert_log). */
export interface AlertOutcome {
  rule: string;
  subject: string;
  status: 'sent' | 'undelivered' | 'failed';
  /** `slack:U123` of each person it reached. */
  recipients: string[];
  /** Why it reached nobody, or whom it missed; absent when it reached everyone. */
  reason?: string;
  /** What it was about, with its figures, in one line. */
  summary: string;
  details: Record<string, unknown>;
}

export function alertReply(message: AlertMessage): Reply {
  const { action } = message;
  return {
    title: message.title,
    text: message.text,
    tables: message.tables,
    notes: message.notes.map((text) => ({ level: 'info', text })),
    buttons: action ? [rerunButton(action.label, action.command, action.text)] : [],
    visibility: 'private',
  };
}

type Miss = { to: string; kind: 'no_adapter' | 'refused' | 'error'; problem: string };

function reasonFor(holders: number, reached: number, misses: Miss[], nobody: string): string | undefined {
  if (holders === 0) return nobody;
  if (misses.length === 0) return undefined;
  const list = misses.map((m) => `${m.to} (${m.problem})`).join('; ');
  if (reached > 0) return `not reached: ${list}`;
  if (misses.some((m) => m.kind === 'error')) return `sending failed: ${list}`;
  if (misses.every((m) => m.kind === 'no_adapter')) return `no delivery adapter for their platform: ${list}`;
  return `every send refused: ${list}`;
}

/**
 * Sends one alert as a direct message to each holder, one after the other, and records it in
 * alert_log. A refusal (or a missing adapter) for one person never stops the others; the
 * alert is `sent` when it reached anyone, `failed` when it reached nobody because sending
 * threw (a retry may succeed), `undelivered` when it could not reach anybody as addressed.
 */
export async function deliverAlert(
  deps: AlertDeps,
  account: Account,
  alert: { rule: string; subject: string; message: AlertMessage; holders: RoleHolder[]; nobody: string },
): Promise<AlertOutcome> {
  const reply = alertReply(alert.message);
  const recipients: string[] = [];
  const misses: Miss[] = [];
  for (const holder of alert.holders) {
    const to = `${holder.platform}:${holder.userId}`;
    const delivery = deps.deliveries[holder.platform as keyof Deliveries];
    if (!delivery) {
      misses.push({ to, kind: 'no_adapter', problem: `LicBot has no ${holder.platform} delivery configured` });
      continue;
    }
    try {
      await delivery.sendDirect(holder.userId, reply);
      recipients.push(to);
    } catch (error) {
      if (error instanceof DeliveryRefused) misses.push({ to, kind: 'refused', problem: error.message });
      else misses.push({ to, kind: 'error', problem: (error as Error).message });
    }
  }
  const failed = misses.some((m) => m.kind === 'error');
  const status = recipients.length ? 'sent' : failed ? 'failed' : 'undelivered';
  const reason = reasonFor(alert.holders.length, recipients.length, misses, alert.nobody);
  const details = { ...alert.message.figures, ...(reason ? { reason } : {}), ...(misses.length ? { misses } : {}) };
  await query(
    deps.em,
    sql`insert into alert_log (account_id, rule, subject, status, recipients, details)
    values (${account.id}, ${alert.rule}, ${alert.subject}, ${status}, ${JSON.stringify(recipients)}::jsonb,
      ${JSON.stringify(details)}::jsonb)`,
  );
  const outcome: AlertOutcome = {
    rule: alert.rule,
    subject: alert.subject,
    status,
    recipients,
    ...(reason ? { reason } : {}),
    summary: alert.message.summary,
    details,
  };
  const log = { accountId: account.id, rule: alert.rule, subject: alert.subject, status, recipients, reason };
  if (status === 'sent' && !reason) deps.logger.info(log, 'alert sent');
  else deps.logger.warn(log, status === 'sent' ? 'alert missed some recipients' : `alert ${status}`);
  return outcome;
}
