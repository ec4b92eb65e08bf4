import { performance } from 'node:perf_hooks';
import { requireLinkedAccount } from '../accounts/workspace-link.service.js';
import { replyForError } from './boundary.js';
import type { ChatDeps, TypedCommand } from './chat-types.js';
import type { CommandRequest } from './command.js';

export type { ChatDeps, TypedCommand };

import { dispatch } from './dispatch.js';
import type { Reply } from './reply.js';
import { tokenize } from './tokenize.js';

/**
 * Everything between "someone typed a command" and "here is the Reply", shared by Slack and
 * Teams: find the account linked to the workspace, run the command in a fresh unit of work,
 * and turn any error into a reply. It never throws.
 */
export async function runTypedCommand(deps: ChatDeps, typed: TypedCommand): Promise<Reply> {
  const started = performance.now();
  const observe = (outcome: 'ok' | 'error') =>
    deps.observeCommand?.({
      command: typed.command.replace(/^\//, '').toLowerCase(),
      platform: typed.platform,
      outcome,
      seconds: (performance.now() - started) / 1000,
    });
  try {
    const em = deps.orm.em.fork();
    const account = await requireLinkedAccount(em, typed.platform, typed.workspaceId);
    const request: CommandRequest = {
      account,
      platform: typed.platform,
      userId: typed.userId,
      userName: typed.userName,
      channelId: typed.channelId,
      channelName: typed.channelName,
      command: typed.command.replace(/^\//, '').toLowerCase(),
      args: tokenize(typed.text),
      replyTo: typed.replyTo,
    };
    const reply = await dispatch(request, {
      em,
      config: deps.config,
      now: deps.now?.() ?? new Date(),
      exports: deps.exports,
      caches: deps.caches,
    });
    observe('ok');
    return reply;
  } catch (error) {
    observe('error');
    return replyForError(error, deps.logger, { platform: typed.platform, command: typed.command });
  }
}
