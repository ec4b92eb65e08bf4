import type { ReplyButton } from './reply.js';

export const RERUN = 'licbot:rerun';

/**
 * A button that runs a command again as the person who presses it (e.g. "Send CSV"). The
 * command goes through dispatch like a typed one, so the presser's role is checked anew.
 */
export function rerunButton(label: string, command: string, text: string): ReplyButton {
  return { actionId: RERUN, label, value: JSON.stringify({ command, text }), style: 'primary' };
}
