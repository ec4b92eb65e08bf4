import { linkInstruction, notLinkedReason } from '../accounts/workspace-link.service.js';
import { UsageError } from '../errors.js';
import type { AnyCommand, Platform } from './command.js';
import { alertsCommand } from './commands/alerts.command.js';
import { flagsCommand } from './commands/flags.command.js';
import { helpCommand, helpReply } from './commands/help.command.js';
import { licstatsCommand } from './commands/licstats.command.js';
import { licstatsCsvCommand } from './commands/licstats-csv.command.js';
import { resetCommand, undoResetCommand } from './commands/reset.command.js';
import { adminsCommand, managersCommand } from './commands/roles.command.js';
import { sessionsCommand } from './commands/sessions.command.js';
import { subscribeCommand } from './commands/subscribe.command.js';
import {
  pauseSubscriptionCommand,
  resumeSubscriptionCommand,
  subscriptionsCommand,
  unsubscribeCommand,
} from './commands/subscriptions.command.js';
import { usageCommand } from './commands/usage.command.js';
import type { Reply } from './reply.js';
import { closest } from './tokenize.js';

/**
 * Every chat command. Adding a command is one file in core/commands and one line here; no
 * platform file changes. A `licstats` entry without a subcommand takes the words that match
 * no subcommand (product names).
 */
export const commands: AnyCommand[] = [
  licstatsCommand,
  licstatsCsvCommand,
  resetCommand,
  undoResetCommand,
  flagsCommand,
  usageCommand,
  subscribeCommand,
  unsubscribeCommand,
  pauseSubscriptionCommand,
  resumeSubscriptionCommand,
  subscriptionsCommand,
  alertsCommand,
  adminsCommand,
  managersCommand,
  sessionsCommand,
];
const help = helpCommand(() => commands);

export interface Resolved {
  command: AnyCommand;
  args: string[];
  /** When the bare command took a word that looks like a mistyped subcommand. */
  possibleTypo?: string;
}

/** Picks the command for `/name args…`: a subcommand by its first word, else the bare command. */
export function resolveCommand(name: string, args: string[]): Resolved {
  const first = args[0]?.toLowerCase();
  if (first === 'help' || (first === undefined && !commands.some((c) => c.name === name)))
    return { command: help, args: [] };
  const sub = commands.find((c) => c.name === `${name} ${first}`);
  if (sub) return { command: sub, args: args.slice(1) };
  const bare = commands.find((c) => c.name === name);
  if (bare) return { command: bare, args, possibleTypo: first ? closest(first, subcommandWords(name)) : undefined };
  throw unknownSubcommand(name, first ?? '');
}

/** True when `/name args…` is a request for help (`public` may stand anywhere, as in dispatch). */
export function asksForHelp(name: string, args: readonly string[]): boolean {
  const words = args.filter((a) => a.toLowerCase() !== 'public');
  try {
    return resolveCommand(name, words).command === help;
  } catch {
    return false;
  }
}

/** Help in a workspace not linked to any account: the commands, and how to get linked. */
export function unlinkedHelp(platform: Platform, workspaceId: string): Reply {
  const reply = helpReply(commands, platform);
  const text = `${notLinkedReason(platform)} ${linkInstruction(platform, workspaceId)}`;
  return { ...reply, notes: [...(reply.notes ?? []), { level: 'warning', text }] };
}

/** The subcommand words of a command, for "did you mean" hints. */
export function subcommandWords(name: string): string[] {
  return [...commands, help].filter((c) => c.name.startsWith(`${name} `)).map((c) => c.name.slice(name.length + 1));
}

export function unknownSubcommand(name: string, word: string): UsageError {
  const words = subcommandWords(name);
  const guess = closest(word, words);
  return new UsageError(
    `"${word}" is not a /${name} subcommand.`,
    guess
      ? `Did you mean /${name} ${guess}? Try /${name} help.`
      : `Try /${name} help. Subcommands: ${words.join(', ')}.`,
  );
}

/** The top-level commands (`/licstats`, `/sessions`): what each platform registers. */
export function slashCommands(): string[] {
  return [...new Set(commands.map((c) => `/${c.name.split(' ')[0]}`))];
}
