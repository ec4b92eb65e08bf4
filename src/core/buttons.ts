import { UserError } from '../errors.js';
import { replyForError } from './boundary.js';
import { type ChatDeps, runTypedCommand, type TypedCommand } from './chat-entry.js';
import type { Reply, ReplyButton } from './reply.js';

/** A button press, from any platform. */
export interface ButtonPress extends Omit<TypedCommand, 'command' | 'text'> {
  actionId: string;
  value: string;
}

export type ButtonHandler = (deps: ChatDeps, press: ButtonPress) => Promise<Reply>;

const RERUN = 'licbot:rerun';

/**
 * A button that runs a command again as the person who presses it (e.g. "Send CSV"). The
 * command goes through dispatch like a typed one, so the presser's role is checked anew.
 */
export function rerunButton(label: string, command: string, text: string): ReplyButton {
  return { actionId: RERUN, label, value: JSON.stringify({ command, text }), style: 'primary' };
}

const handlers = new Map<string, ButtonHandler>([
  [
    RERUN,
    async (deps, press) => {
      let parsed: { command?: unknown; text?: unknown };
      try {
        parsed = JSON.parse(press.value);
      } catch {
        throw new UserError('That button is out of date.', 'Type the command again.');
      }
      if (typeof parsed.command !== 'string' || typeof parsed.text !== 'string')
        throw new UserError('That button is out of date.', 'Type the command again.');
      return runTypedCommand(deps, { ...press, command: parsed.command, text: parsed.text });
    },
  ],
]);

/** Adds a handler for a button's action id (reset confirmations and the like). */
export function registerButton(actionId: string, handler: ButtonHandler): void {
  handlers.set(actionId, handler);
}

/** Routes a button press to its handler; never throws. */
export async function runButtonPress(deps: ChatDeps, press: ButtonPress): Promise<Reply> {
  try {
    const handler = handlers.get(press.actionId);
    if (!handler) throw new UserError('That button is no longer supported.', 'Type the command again.');
    return await handler(deps, press);
  } catch (error) {
    return replyForError(error, deps.logger, { platform: press.platform, actionId: press.actionId });
  }
}
