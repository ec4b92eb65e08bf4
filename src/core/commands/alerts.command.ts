import type { EntityManager } from '@mikro-orm/postgresql';
import { type AlertSettings, alertSettingsOf, updateAlertSettings } from '../../accounts/subscription.service.js';
import type { Account } from '../../db/entities/index.js';
import { UsageError } from '../../errors.js';
import type { Command, CommandContext, CommandRequest } from '../command.js';
import type { Reply } from '../reply.js';
import { strong } from '../rich-text.js';
import { mention, roleHolders } from '../roles.js';

const USAGE = '/licstats alerts on|off [threshold N per D days]';
const EXAMPLE = 'e.g. /licstats alerts on threshold 5 per 7 days';

type Parsed = { action: 'show' } | { action: 'set'; change: Partial<AlertSettings> };

function whole(word: string | undefined, min: number, max: number, what: string): number {
  const n = word !== undefined && /^\d{1,6}$/.test(word) ? Number(word) : Number.NaN;
  if (Number.isNaN(n) || n < min || n > max)
    throw new UsageError(
      word === undefined
        ? `Say the ${what}.`
        : `"${word}" is not a valid ${what}: use a whole number from ${min} to ${max}.`,
      `Usage: ${USAGE}, ${EXAMPLE}`,
    );
  return n;
}

/** `on|off`, then optionally `threshold N [per D days]`; either part may stand alone. */
export function parseAlertArgs(args: readonly string[]): Parsed {
  if (args.length === 0) return { action: 'show' };
  const words = args.map((w) => w.toLowerCase());
  const change: Partial<AlertSettings> = {};
  let i = 0;
  if (words[0] === 'on' || words[0] === 'off') {
    change.enabled = words[0] === 'on';
    i = 1;
  }
  if (words[i] === 'threshold') {
    change.threshold = whole(words[i + 1], 1, 10_000, 'threshold (declined accesses)');
    i += 2;
    if (words[i] === 'per' || words[i] === 'in' || words[i] === 'within') {
      change.windowDays = whole(words[i + 1], 1, 90, 'number of days');
      i += 2;
      if (words[i] === 'days' || words[i] === 'day') i += 1;
    }
  }
  if (i === 0) throw new UsageError(`"${args[0]}" is not on or off.`, `Usage: ${USAGE}, ${EXAMPLE}`);
  if (i < words.length) throw new UsageError(`Unexpected "${args[i]}".`, `Usage: ${USAGE}, ${EXAMPLE}`);
  return { action: 'set', change };
}

/** Who gets denial alerts: the managers, or the admins while there are none. */
async function recipientsText(em: EntityManager, account: Account, request: CommandRequest, admins: readonly string[]) {
  const managers = await roleHolders(em, account, 'manager', admins);
  const who = managers.length ? managers : await roleHolders(em, account, 'admin', admins);
  const here = who.filter((h) => h.platform === request.platform).map((h) => mention(h.userId));
  const elsewhere = who.length - here.length;
  const names = [...here, ...(elsewhere ? [`${elsewhere} on another platform`] : [])].join(', ') || 'nobody yet';
  return managers.length
    ? { text: `Sent to the managers: ${names}.`, noManagers: false }
    : { text: `There are no managers, so they go to the admins: ${names}.`, noManagers: true };
}

async function settingsReply(
  lead: string,
  settings: AlertSettings,
  request: CommandRequest,
  ctx: CommandContext,
): Promise<Reply> {
  const recipients = await recipientsText(ctx.em, request.account, request, ctx.config.ADMINS);
  const rule = `a license has ${settings.threshold} declined access${settings.threshold === 1 ? '' : 'es'} within ${settings.windowDays} day${settings.windowDays === 1 ? '' : 's'}`;
  return {
    title: 'Denial alerts',
    text: `${lead}\n${settings.enabled ? 'A direct message goes out when' : 'When on, a direct message goes out when'} ${rule}. ${recipients.text}`,
    notes: [
      {
        level: 'info',
        text: 'Checked every 15 minutes; the same alert is not repeated within 24 hours unless the count has doubled. The same threshold marks frequent denials in /licstats flags.',
      },
      ...(recipients.noManagers
        ? [{ level: 'info' as const, text: 'Add managers with /licstats managers add @user.' }]
        : []),
      { level: 'info', text: `Change with ${USAGE}.` },
    ],
  };
}

/** `/licstats alerts [on|off] [threshold N per D days]`: shows or changes the denial alerts. */
export const alertsCommand: Command<Parsed> = {
  name: 'licstats alerts',
  usage: USAGE,
  summary: 'show or change the denial alerts managers get',
  role: 'admin',
  parse: parseAlertArgs,
  async run(parsed, request, ctx) {
    const onOff = (s: AlertSettings) => strong(s.enabled ? 'on' : 'off');
    if (parsed.action === 'show') {
      const settings = alertSettingsOf(request.account);
      return settingsReply(`Denial alerts are ${onOff(settings)}.`, settings, request, ctx);
    }
    const by = { account: request.account, actor: `${request.platform}:${request.userId}` };
    const { before, after } = await updateAlertSettings(ctx.em, by, parsed.change);
    const same =
      before.enabled === after.enabled &&
      before.threshold === after.threshold &&
      before.windowDays === after.windowDays;
    const lead = same
      ? `Nothing changed: denial alerts already are ${onOff(after)}.`
      : `Denial alerts are now ${onOff(after)}.`;
    return settingsReply(lead, after, request, ctx);
  },
};
