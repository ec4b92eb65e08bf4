import { performance } from 'node:perf_hooks';
import { notLinked, resolveLinkedAccount } from '../accounts/workspace-link.service.js';
import { replyForError } from './boundary.js';
import type { ChatDeps, TypedCommand } from './chat-types.js';
import type { CommandRequest } from './command.js';

export type { ChatDeps, TypedCommand };

import { dispatch } from './dispatch.js';
import { asksForHelp, unlinkedHelp } from './registry.js';
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
    const command = typed.command.replace(/^\//, '').toLowerCase();
    const args = tokenize(typed.text);
    const account = await resolveLinkedAccount(em, typed.platform, typed.workspaceId);
    if (!account) {
      // Help shows no data, so it needs no account: it is how a new workspace finds its feet.
      if (asksForHelp(command, args)) {
        observe('ok');
        return unlinkedHelp(typed.platform, typed.workspaceId);
      }
      throw notLinked(typed.platform, typed.workspaceId);
    }
    const request: CommandRequest = {
      account,
      platform: typed.platform,
      userId: typed.userId,
      userName: typed.userName,
      channelId: typed.channelId,
      channelName: typed.channelName,
      command,
      args,
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
