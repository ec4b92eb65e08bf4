import { deleteSubscription, setSubscriptionPaused } from '../../accounts/subscription.service.js';
import { formatZonedShort, localDate } from '../../domain/time-zone.js';
import { isoWeekday, nextRun, WEEKDAY_NAMES, WEEKDAYS, type WeeklySchedule } from '../../domain/weekly-schedule.js';
import { UsageError } from '../../errors.js';
import { type LastDelivery, listSubscriptions, type SubscriptionListing } from '../../queries/subscriptions.query.js';
import { left, type Table } from '../../reports/table.js';
import type { Command, CommandRequest } from '../command.js';
import { channelLink } from '../rich-text.js';

/** `Mon 2026-12-07 09:00`: a posting instant as the subscription's zone shows it. */
export function runLabel(at: Date, zone: string): string {
  const day = WEEKDAYS[isoWeekday(localDate(at, zone)) - 1] ?? '';
  return `${day.charAt(0).toUpperCase()}${day.slice(1)} ${formatZonedShort(at, zone)}`;
}

/** `every Monday at 09:00 (Europe/Berlin)`. */
export function scheduleText(s: WeeklySchedule): string {
  return `every ${WEEKDAY_NAMES[s.weekday - 1]} at ${s.timeOfDay} (${s.timeZone})`;
}

/** A channel in a message, linked where the platform links channels (see core/rich-text.ts). */
export function channelRef(s: { platform: string; target: string; targetName?: string | null }): string {
  return channelLink(s.target, s.targetName);
}

/** A channel in a monospace table, where nothing is linked. */
export function channelCell(s: { target: string; targetName: string | null }): string {
  return s.targetName ? `#${s.targetName}` : s.target;
}

const STATUS_WORD: Record<LastDelivery['status'], string> = {
  sent: 'posted',
  failed: 'failed',
  skipped: 'skipped',
  pending: 'posting',
};

function shorten(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()} …`;
}

export function lastDeliveryCell(d: LastDelivery | null): string {
  if (!d) return '—';
  const base = `${d.periodKey} ${STATUS_WORD[d.status]}`;
  return d.error && d.status !== 'sent' ? `${base}: ${shorten(d.error, 40)}` : base;
}

export function subscriptionsTable(list: readonly SubscriptionListing[]): Table {
  return {
    columns: ['ID', 'Channel', 'Schedule', 'Zone', 'Next run', 'Last delivery'].map(left),
    rows: list.map((s) => [
      String(s.id),
      channelCell(s),
      `${WEEKDAYS[s.weekday - 1]} ${s.timeOfDay}`,
      s.timeZone,
      s.nextRunAt ? runLabel(s.nextRunAt, s.timeZone) : 'paused',
      lastDeliveryCell(s.lastDelivery),
    ]),
    // The full reason of a failed post, so an admin can fix it before the next run.
    notes: list
      .filter((s) => s.lastDelivery?.status === 'failed')
      .map(
        (s) =>
          `Subscription ${s.id} could not post on ${s.lastDelivery?.periodKey}: ${s.lastDelivery?.error ?? 'no reason recorded'}`,
      ),
  };
}

/** `/licstats subscriptions`: every weekly report of the account with its next run and last delivery. */
export const subscriptionsCommand: Command<null> = {
  name: 'licstats subscriptions',
  usage: '/licstats subscriptions',
  summary: 'list weekly report subscriptions, their next run and last delivery',
  role: 'admin',
  parse(args) {
    if (args.length) throw new UsageError(`Unexpected "${args[0]}".`, 'Usage: /licstats subscriptions');
    return null;
  },
  async run(_parsed, request, ctx) {
    const list = await listSubscriptions(ctx.em, request.account.id, ctx.now);
    if (list.length === 0)
      return {
        title: 'Weekly report subscriptions',
        text: 'No channel gets the weekly report yet.',
        notes: [{ level: 'info', text: 'Subscribe one with /licstats subscribe weekly #channel mon 09:00.' }],
      };
    return {
      title: 'Weekly report subscriptions',
      text: `${list.length} subscription${list.length === 1 ? '' : 's'}; times are in each subscription's zone.`,
      tables: [subscriptionsTable(list)],
      notes: [
        {
          level: 'info',
          text: 'Pause with /licstats pause <id>, resume with /licstats resume <id>, stop with /licstats unsubscribe <id>.',
        },
      ],
    };
  },
};

function parseId(args: readonly string[], verb: string): number {
  const usage = `Usage: /licstats ${verb} <id>, e.g. /licstats ${verb} 3 (the IDs are in /licstats subscriptions).`;
  const [word, ...extra] = args;
  if (word === undefined) throw new UsageError(`Say which subscription to ${verb}.`, usage);
  if (!/^#?\d{1,9}$/.test(word)) throw new UsageError(`"${word}" is not a subscription id.`, usage);
  if (extra.length) throw new UsageError(`Unexpected "${extra[0]}".`, usage);
  return Number(word.replace('#', ''));
}

const actor = (request: CommandRequest) => ({
  account: request.account,
  actor: `${request.platform}:${request.userId}`,
});

/** `/licstats unsubscribe <id>`: stops the posts; the delivery history stays. */
export const unsubscribeCommand: Command<number> = {
  name: 'licstats unsubscribe',
  usage: '/licstats unsubscribe <id>',
  summary: 'stop a weekly report for good',
  role: 'admin',
  parse: (args) => parseId(args, 'unsubscribe'),
  async run(id, request, ctx) {
    const s = await deleteSubscription(ctx.em, actor(request), id, ctx.now);
    return {
      text: `Unsubscribed: subscription ${id} no longer posts the weekly report to ${channelRef(s)}.`,
      notes: [
        { level: 'info', text: 'Its past deliveries stay on record. Subscribe again with /licstats subscribe weekly.' },
      ],
    };
  },
};

function pauseCommand(paused: boolean): Command<number> {
  const verb = paused ? 'pause' : 'resume';
  return {
    name: `licstats ${verb}`,
    usage: `/licstats ${verb} <id>`,
    summary: paused ? 'stop a weekly report until resumed' : 'post a paused weekly report again',
    role: 'admin',
    parse: (args) => parseId(args, verb),
    async run(id, request, ctx) {
      const { subscription: s, changed } = await setSubscriptionPaused(ctx.em, actor(request), id, paused);
      const where = `subscription ${id} (${channelRef(s)}, ${scheduleText(s)})`;
      if (paused)
        return {
          text: changed
            ? `Paused ${where}. Nothing is posted until /licstats resume ${id}.`
            : `Already paused: ${where}.`,
        };
      const next = runLabel(nextRun(s, ctx.now).dueAt, s.timeZone);
      return {
        text: changed
          ? `Resumed ${where}. Next run: ${next} (${s.timeZone}).`
          : `Not paused: ${where} runs next ${next} (${s.timeZone}).`,
      };
    },
  };
}

export const pauseSubscriptionCommand = pauseCommand(true);
export const resumeSubscriptionCommand = pauseCommand(false);
