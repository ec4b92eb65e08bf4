import { requireAccount } from '../accounts/account.service.js';
import { subscriptionsTable } from '../core/commands/subscriptions.command.js';
import { WEEKDAYS } from '../domain/weekly-schedule.js';
import { listSubscriptions, type SubscriptionListing } from '../queries/subscriptions.query.js';
import { type CliCommand, parseFlags, UsageError, unknownAction, withEm } from './cli-command.js';
import { parseFormat, writeJson, writeTables } from './report-output.js';

const usage = `licbot subscriptions list [--account SLUG] [--format text|json]
  Weekly report subscriptions (unsubscribed ones left out): channel, weekday, local time and
  zone, the next run (none while paused) and the latest delivery with its status and error.
  Subscriptions are made in chat: /licstats subscribe weekly.`;

/** The JSON shape: instants as ISO strings, the weekday as typed in chat (`mon`). */
function toJson(s: SubscriptionListing) {
  return {
    id: s.id,
    platform: s.platform,
    channel: s.target,
    channelName: s.targetName,
    weekday: WEEKDAYS[s.weekday - 1],
    time: s.timeOfDay,
    timeZone: s.timeZone,
    paused: s.paused,
    createdBy: s.createdBy,
    createdAt: s.createdAt.toISOString(),
    nextRunAt: s.nextRunAt?.toISOString() ?? null,
    lastDelivery: s.lastDelivery && {
      periodKey: s.lastDelivery.periodKey,
      status: s.lastDelivery.status,
      error: s.lastDelivery.error,
      sentAt: s.lastDelivery.sentAt?.toISOString() ?? null,
    },
  };
}

export const subscriptionsCommand: CliCommand = {
  name: 'subscriptions',
  summary: 'weekly report subscriptions with their next run and last delivery',
  usage,
  async run(argv, ctx) {
    const { values, positionals } = parseFlags(
      argv,
      { account: { type: 'string', default: 'default' }, format: { type: 'string' } },
      true,
    );
    const [action, ...extra] = positionals;
    if (action !== 'list') throw unknownAction('subscriptions', action, ['list']);
    if (extra.length) throw new UsageError(`Unexpected "${extra[0]}".`);
    const format = parseFormat(values.format, ['text', 'json']);
    await withEm(ctx.config, async (em) => {
      const account = await requireAccount(em, values.account);
      const list = await listSubscriptions(em, account.id, new Date());
      if (format === 'json') return writeJson(ctx.stdout, list.map(toJson));
      writeTables(ctx.stdout, [
        { ...subscriptionsTable(list), title: `Weekly report subscriptions of ${account.slug}` },
      ]);
    });
    return 0;
  },
};
