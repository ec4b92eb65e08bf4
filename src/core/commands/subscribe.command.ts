import { createSubscription } from '../../accounts/subscription.service.js';
import { nextRun, type WeeklySchedule } from '../../domain/weekly-schedule.js';
import { UserError } from '../../errors.js';
import type { Command } from '../command.js';
import type { ReplyNote } from '../reply.js';
import { parseSubscribeArgs, SUBSCRIBE_USAGE, type SubscribeArgs } from './subscribe-args.js';
import { channelRef, runLabel, scheduleText } from './subscriptions.command.js';

const CONTENTS =
  'Each post has the condensed session summary of the 7 days before the posting day, totals per product against the week before, top users, flags, licenses expiring within 30 days, and the condensed CSV.';

/**
 * `/licstats subscribe weekly [#channel] [mon 09:00] [Europe/Berlin]`: left-out words default
 * to this channel, Monday, 09:00 and the account's time zone.
 */
export const subscribeCommand: Command<SubscribeArgs> = {
  name: 'licstats subscribe',
  usage: SUBSCRIBE_USAGE,
  summary: "post the weekly report to a channel (default: this one, mon 09:00, the account's zone)",
  role: 'admin',
  parse: parseSubscribeArgs,
  async run(args, request, ctx) {
    const platform = request.platform;
    // Slack names a direct message or an unnamed private channel by kind, not by name.
    const name = ['directmessage', 'privategroup'].includes(request.channelName ?? '')
      ? undefined
      : request.channelName;
    const channel = args.channel ?? (request.channelId ? { id: request.channelId, name } : undefined);
    if (!channel) throw new UserError('LicBot cannot tell which channel to post to.', `Name it: ${SUBSCRIBE_USAGE}`);
    const schedule: WeeklySchedule = {
      weekday: args.weekday ?? 1,
      timeOfDay: args.timeOfDay ?? '09:00',
      timeZone: args.timeZone ?? request.account.timeZone,
    };
    const { subscription, created } = await createSubscription(
      ctx.em,
      { account: request.account, actor: `${platform}:${request.userId}` },
      { platform, target: channel.id, targetName: channel.name, createdBy: request.userId, ...schedule },
    );
    const id = subscription.id;
    const where = channelRef({ platform, target: channel.id, targetName: channel.name });
    const next = `${runLabel(nextRun(schedule, ctx.now).dueAt, schedule.timeZone)} (${schedule.timeZone})`;
    if (!created) {
      const notes: ReplyNote[] = subscription.paused
        ? [{ level: 'info', text: `It is paused: /licstats resume ${id} starts it again.` }]
        : [];
      return {
        text: `${where} already gets the weekly report ${scheduleText(schedule)}: subscription ${id}. Nothing was changed.`,
        notes,
      };
    }
    const invite =
      platform === 'slack'
        ? 'LicBot must be a member of that channel to post there: if it is not, type /invite @LicBot in it.'
        : 'LicBot must be in that team or chat to post there: add it first if it is not.';
    return {
      title: 'Weekly report subscribed',
      text: `Subscription ${id}: ${where} gets the weekly report ${scheduleText(schedule)}.\nNext run: ${next}.`,
      notes: [
        { level: 'info', text: invite },
        { level: 'info', text: CONTENTS },
        { level: 'info', text: `See all with /licstats subscriptions; stop this one with /licstats pause ${id}.` },
      ],
    };
  },
};
