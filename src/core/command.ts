import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChatPlatform } from '../accounts/workspace-link.service.js';
import type { Config } from '../config.js';
import type { Account } from '../db/entities/index.js';
import type { SerializedWindow, TimeWindow } from '../domain/time-window.js';
import type { LicenseStatsResult } from '../queries/license-stats.query.js';
import type { Reply, ReplyTarget } from './reply.js';
import type { SingleFlight } from './single-flight.js';

/** Where a command was typed. The CLI does not go through commands: it calls the same use cases. */
export type Platform = ChatPlatform;
export type Role = 'admin' | 'manager';

/** Who typed a command, where, and in which account. Platforms build it; core trusts it. */
export interface CommandRequest {
  account: Account;
  platform: Platform;
  /** Slack user id / Teams AAD object id. */
  userId: string;
  userName?: string;
  /** Where the command was typed (Slack channel id, Teams conversation id). */
  channelId?: string;
  /** The channel's name as the platform gave it (`licenses`), for listings. */
  channelName?: string;
  /** `licstats` or `sessions`. */
  command: string;
  /** The words after the command, tokenized (see core/tokenize.ts); a command's `run` gets them without its subcommand and `public`. */
  args: string[];
  /** Every word as typed (with the subcommand and `public`), to run the same command again later. */
  typedArgs?: string[];
  /** Where a later answer goes; opaque to core. */
  replyTo?: ReplyTarget;
}

/**
 * A CSV export handed to a worker: the same command, run again there for the same person.
 * It carries the request's instant and the window the command announced, so the file the
 * worker makes is the one the person was promised even if it runs minutes later or after
 * midnight.
 */
export interface ExportJobRequest {
  accountId: number;
  platform: Platform;
  userId: string;
  channelId?: string;
  replyTo?: ReplyTarget;
  command: string;
  args: string[];
  /** ISO instant the command was typed: the worker's `now`. */
  requestedAt: string;
  /** The window the command resolved and named in its "Preparing …" answer. */
  window?: SerializedWindow;
}

/**
 * Where a large CSV is built. `queue`: while answering a chat request, it is handed to a
 * worker so the command never blocks. `inline`: in the worker itself, the file is built
 * right there.
 */
export type ExportMode = { kind: 'inline' } | { kind: 'queue'; enqueue: (job: ExportJobRequest) => Promise<void> };

/**
 * Reads shared by the requests of one running app, owned by it (built in `bootstrap`), so
 * nothing is shared through module state.
 */
export interface SharedReads {
  /** Concurrent identical `/licstats` reads share one query. */
  statsReads: SingleFlight<LicenseStatsResult>;
}

/** What a command may use: a fresh unit of work, the config, the clock, and how to export. */
export interface CommandContext {
  em: EntityManager;
  config: Config;
  now: Date;
  exports: ExportMode;
  /** Absent where requests come one at a time (a worker job): every read runs on its own. */
  caches?: SharedReads;
  /**
   * A window resolved when the command was first typed (a queued export run by a worker):
   * used instead of resolving the words again, so both runs cover the very same span.
   */
  window?: TimeWindow;
}

/**
 * One chat command: a file in core/commands and a line in core/registry.ts. `parse` throws a
 * UsageError naming the bad word; `role` is checked before `run`.
 */
export interface Command<P = unknown> {
  /** The command and subcommand as typed, e.g. `licstats reset`. */
  name: string;
  usage: string;
  summary: string;
  /** Who may run it; viewing stats or sessions needs at least `manager`; `help` is for anyone. */
  role: Role | 'anyone';
  parse(args: string[]): P;
  run(parsed: P, request: CommandRequest, ctx: CommandContext): Promise<Reply>;
}

/**
 * A command of any parsed type, for the registry: each command's `parse` and `run` agree on
 * their own type, which the registry never looks into.
 */
// biome-ignore lint/suspicious/noExplicitAny: existential type; parse and run are paired per command.
export type AnyCommand = Command<any>;
