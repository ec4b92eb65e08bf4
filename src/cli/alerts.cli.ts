import { pino } from 'pino';
import { requireAccount } from '../accounts/account.service.js';
import type { AlertOutcome } from '../core/alerts/alert-delivery.js';
import { runDenialAlerts } from '../core/alerts/denial-alerts.js';
import { runExpiryAlerts } from '../core/alerts/expiry-alerts.js';
import type { Deliveries } from '../core/delivery.js';
import { typedInstant } from '../domain/typed-input.js';
import { visibleText } from '../domain/visible-text.js';
import { createSlackDelivery } from '../platforms/slack/slack-delivery.js';
import { type CliCommand, parseFlags, UsageError, withEm, writeLine } from './cli-command.js';

const usage = `licbot alerts check [--account SLUG] [--kind denials|expiry|all] [--at ISO_INSTANT]
  Runs the alert checks once (as of --at, default now), delivering through Slack as the
  scheduled checks do, and prints one line per alert: what it was about, its figures, and
  whom it reached or why it reached nobody. What was already sent is not sent again.`;

const KINDS = ['denials', 'expiry', 'all'] as const;

function outcomeLine(o: AlertOutcome): string {
  const reached = o.recipients.length ? `sent to ${o.recipients.join(', ')}` : '';
  const to =
    o.status === 'sent'
      ? [reached, o.reason].filter(Boolean).join('; ')
      : `${o.status === 'failed' ? 'FAILED' : 'reached nobody'}: ${o.reason ?? 'unknown'}`;
  return `${o.rule.padEnd(8)} ${o.summary} → ${to}`;
}

export const alertsCommand: CliCommand = {
  name: 'alerts',
  summary: 'run the denial and expiry alert checks now and say whom each alert reached',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseFlags(
      argv,
      {
        account: { type: 'string', default: 'default' },
        kind: { type: 'string', default: 'all' },
        at: { type: 'string' },
      },
      true,
    );
    if (positionals.length !== 1 || positionals[0] !== 'check') throw new UsageError('Say `licbot alerts check`.');
    const kind = values.kind as (typeof KINDS)[number];
    if (!KINDS.includes(kind))
      throw new UsageError(`--kind must be one of ${KINDS.join(', ')} (got "${values.kind}").`);
    const now = values.at === undefined ? new Date() : typedInstant(values.at, '--at');
    // The printed lines are this command's output: its log goes to stderr, never between them.
    const logger = pino({ level: ctx.config.LOG_LEVEL, base: { service: 'licbot' } }, pino.destination(2));
    const deliveries: Deliveries = {};
    if (ctx.config.SLACK_BOT_TOKEN) deliveries.slack = createSlackDelivery(ctx.config, logger);
    else writeLine(ctx.stderr, 'SLACK_BOT_TOKEN is not set: alerts cannot reach anyone on Slack.');
    await withEm(ctx.config, async (em) => {
      const account = await requireAccount(em, values.account);
      const deps = { em, config: ctx.config, logger, deliveries };
      const outcomes: AlertOutcome[] = [];
      if (kind !== 'expiry') {
        if (!account.alertsEnabled) writeLine(ctx.stdout, `Denial alerts are off for "${account.slug}".`);
        outcomes.push(...(await runDenialAlerts(deps, account, now)));
      }
      if (kind !== 'denials') outcomes.push(...(await runExpiryAlerts(deps, account, now)));
      // Product names come from clients: escaped like every text the CLI prints.
      for (const outcome of outcomes) writeLine(ctx.stdout, visibleText(outcomeLine(outcome)));
      if (outcomes.length === 0)
        writeLine(ctx.stdout, `No alerts due for "${account.slug}" as of ${now.toISOString()}.`);
    });
    return 0;
  },
};
