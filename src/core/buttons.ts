import { performance } from 'node:perf_hooks';
import { UserError } from '../errors.js';
import { replyForError } from './boundary.js';
import type { ButtonHandler, ButtonPress } from './button-types.js';
import { type ChatDeps, runTypedCommand } from './chat-entry.js';
import { resetButtonHandlers } from './commands/reset-buttons.js';
import type { Reply } from './reply.js';
import { RERUN } from './rerun-button.js';

const rerun: ButtonHandler = async (deps, press) => {
  let parsed: { command?: unknown; text?: unknown } = {};
  try {
    parsed = JSON.parse(press.value);
  } catch {}
  if (typeof parsed.command !== 'string' || typeof parsed.text !== 'string') {
    throw new UserError('That button is out of date.', 'Type the command again.');
  }
  return runTypedCommand(deps, { ...press, command: parsed.command, text: parsed.text });
};

/** Every button LicBot renders, by action id. */
const handlers = new Map<string, ButtonHandler>([[RERUN, rerun], ...resetButtonHandlers]);

/** Routes a button press to its handler; never throws. */
export async function runButtonPress(deps: ChatDeps, press: ButtonPress): Promise<Reply> {
  const started = performance.now();
  const observe = (outcome: 'ok' | 'error', command = press.actionId) =>
    deps.observeCommand?.({
      command,
      platform: press.platform,
      outcome,
      seconds: (performance.now() - started) / 1000,
    });
  try {
    const handler = handlers.get(press.actionId);
    if (!handler) {
      observe('error', 'unknown button');
      throw new UserError('That button is no longer supported.', 'Type the command again.');
    }
    const reply = await handler(deps, press);
    observe('ok');
    return reply;
  } catch (error) {
    if (handlers.has(press.actionId)) observe('error');
    return replyForError(error, deps.logger, { platform: press.platform, actionId: press.actionId });
  }
}
