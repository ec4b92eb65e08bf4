import { type ChatPlatform, notLinkedMessage, resolveLinkedAccount } from '../accounts/workspace-link.service.js';
import type { Config } from '../config.js';
import type { Orm } from '../db/orm.js';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import { replyForError } from './boundary.js';
import type { CommandContext, CommandRequest } from './command.js';
import { dispatch } from './dispatch.js';
import type { Reply } from './reply.js';
import { tokenize } from './tokenize.js';

/** What chat entry points need from the running app. */
export interface ChatDeps {
  orm: Orm;
  config: Config;
  logger: Logger;
  /** The clock; tests pin it. */
  now?: () => Date;
  /** Hands large CSV exports to a worker (see CommandContext.enqueueExport). */
  enqueueExport?: CommandContext['enqueueExport'];
}

export interface TypedCommand {
  platform: ChatPlatform;
  /** Slack team id or Teams tenant id: decides the account. */
  workspaceId: string;
  userId: string;
  userName?: string;
  channelId?: string;
  command: string;
  text: string;
  /** Slack: the response_url, for answers that come later. */
  replyTo?: string;
}

/**
 * Everything between "someone typed a command" and "here is the Reply", shared by Slack and
 * Teams: find the account linked to the workspace, run the command in a fresh unit of work,
 * and turn any error into a reply. It never throws.
 */
export async function runTypedCommand(deps: ChatDeps, typed: TypedCommand): Promise<Reply> {
  try {
    const em = deps.orm.em.fork();
    const account = await resolveLinkedAccount(em, typed.platform, typed.workspaceId);
    if (!account) {
      const { message, hint } = notLinkedMessage(typed.platform, typed.workspaceId);
      throw new UserError(message, hint);
    }
    const request: CommandRequest = {
      account,
      platform: typed.platform,
      userId: typed.userId,
      userName: typed.userName,
      channelId: typed.channelId,
      command: typed.command.replace(/^\//, '').toLowerCase(),
      args: tokenize(typed.text),
      replyTo: typed.replyTo,
    };
    return await dispatch(request, {
      em,
      config: deps.config,
      now: deps.now?.() ?? new Date(),
      enqueueExport: deps.enqueueExport,
    });
  } catch (error) {
    return replyForError(error, deps.logger, { platform: typed.platform, command: typed.command });
  }
}
