import type { ChatPlatform } from '../accounts/workspace-link.service.js';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import type { Logger } from '../logger.js';
import type { CommandContext } from './command.js';
import type { ReplyTarget } from './reply.js';

/** What chat entry points need from the running app. */
export interface ChatDeps {
  orm: Orm;
  config: Config;
  logger: Logger;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Where large CSV exports are built (see CommandContext.exports). */
  exports: CommandContext['exports'];
  caches: NonNullable<CommandContext['caches']>;
  /** Told how long each command or button press took (the /metrics histogram listens). */
  observeCommand?: (observation: CommandObservation) => void;
}

export interface CommandObservation {
  /** The command name (`licstats`) or the button's action id. */
  command: string;
  platform: string;
  outcome: 'ok' | 'error';
  seconds: number;
}

export interface TypedCommand {
  platform: ChatPlatform;
  /** Slack team id or Teams tenant id: decides the account. */
  workspaceId: string;
  userId: string;
  userName?: string;
  channelId?: string;
  /** The channel's name as the platform gave it (`licenses`), for listings. */
  channelName?: string;
  command: string;
  text: string;
  /** Where answers that come later go. */
  replyTo?: ReplyTarget;
}
