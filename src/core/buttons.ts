import { performance } from 'node:perf_hooks';
import { replyForError } from './boundary.js';
import type { ButtonHandler, ButtonPress } from './button-types.js';
import { type ChatDeps, runTypedCommand } from './chat-entry.js';
import { resetButtonHandlers } from './commands/reset-buttons.js';
import { isPendingActionId } from './pending-actions.js';
import { slashCommands } from './registry.js';
import type { Reply } from './reply.js';
import { errorReply } from './reply.js';
import { RERUN } from './rerun-button.js';

/** What a rerun button carries: a command of ours and its words (see rerun-button.ts). */
function rerunOf(value: string): { command: string; text: string } | undefined {
  try {
    const parsed = JSON.parse(value) as { command?: unknown; text?: unknown } | null;
    if (typeof parsed?.command !== 'string' || typeof parsed.text !== 'string') return undefined;
    if (!slashCommands().includes(`/${parsed.command}`)) return undefined;
    return { command: parsed.command, text: parsed.text };
  } catch {
    return undefined;
  }
}

const rerun: ButtonHandler = async (deps, press) => {
  const { command, text } = rerunOf(press.value) as { command: string; text: string };
  return runTypedCommand(deps, { ...press, command, text });
};

/**
 * Every button LicBot renders, by action id, with the values it can carry. A press is
 * checked against both before anything runs: a forged or stale one does nothing.
 */
const buttons = new Map<string, { handle: ButtonHandler; accepts: (value: string) => boolean }>([
  [RERUN, { handle: rerun, accepts: (value) => rerunOf(value) !== undefined }],
  ...resetButtonHandlers.map(([id, handle]) => [id, { handle, accepts: isPendingActionId }] as const),
]);

/** Why a press is not one of our buttons as we render them, or undefined when it is. */
export function buttonProblem(actionId: string, value: string): string | undefined {
  const button = buttons.get(actionId);
  if (!button) return 'unknown action id';
  if (!button.accepts(value)) return 'value not of this button';
  return undefined;
}

/** The answer to a press that is not (or no longer) one of our buttons: nothing was done. */
export function invalidButtonReply(): Reply {
  return errorReply('That button is no longer valid; nothing was done.', 'Type the command again.');
}

/**
 * Routes a button press to its handler; never throws. A press that is not one of our
 * buttons is logged once as a warning and answered with invalidButtonReply.
 */
export async function runButtonPress(deps: ChatDeps, press: ButtonPress): Promise<Reply> {
  const started = performance.now();
  const observe = (outcome: 'ok' | 'error', command = press.actionId) =>
    deps.observeCommand?.({
      command,
      platform: press.platform,
      outcome,
      seconds: (performance.now() - started) / 1000,
    });
  const problem = buttonProblem(press.actionId, press.value);
  if (problem) {
    // The action id is not ours to trust as a metric label: one label for all of them.
    observe('error', 'unknown button');
    deps.logger.warn(
      { platform: press.platform, actionId: press.actionId.slice(0, 100), problem },
      `ignored a button press: ${problem}`,
    );
    return invalidButtonReply();
  }
  const button = buttons.get(press.actionId);
  try {
    const reply = await (button as NonNullable<typeof button>).handle(deps, press);
    observe('ok');
    return reply;
  } catch (error) {
    observe('error');
    return replyForError(error, deps.logger, { platform: press.platform, actionId: press.actionId });
  }
}
