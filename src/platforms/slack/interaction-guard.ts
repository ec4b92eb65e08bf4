import type { App, ReceiverEvent } from '@slack/bolt';
import { invalidButtonReply } from '../../core/buttons.js';
import type { Logger } from '../../logger.js';
import { postToResponseUrl } from './deliver.js';

/** Interactive payloads LicBot has no listener for: Bolt would leave them unanswered (404 after 3 s). */
const NOT_OURS = new Set([
  'interactive_message',
  'message_action',
  'shortcut',
  'view_submission',
  'view_closed',
  'block_suggestion',
  'dialog_submission',
  'dialog_cancellation',
  'dialog_suggestion',
  'workflow_step_edit',
]);

type Payload = Record<string, unknown> & {
  type?: unknown;
  user?: { id?: unknown; team_id?: unknown } | null;
  team?: { id?: unknown } | null;
  response_url?: unknown;
  actions?: unknown;
};

const text = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * Why a signed interactive payload cannot be a press of one of our buttons (which buttons
 * are ours, and their values, core/buttons.ts decides), or undefined for a well-formed
 * block_actions and for everything that is not an interaction.
 */
export function interactionProblem(body: Payload): string | undefined {
  if (typeof body.type !== 'string') return undefined;
  if (NOT_OURS.has(body.type)) return `no LicBot handler for ${body.type}`;
  if (body.type !== 'block_actions') return undefined;
  if (!text(body.user?.id)) return 'block_actions without a user';
  if (!text(body.team?.id) && !text(body.user?.team_id)) return 'block_actions without a team';
  if (!text(body.response_url)) return 'block_actions without a response_url';
  const actions = Array.isArray(body.actions) ? (body.actions as { type?: unknown; action_id?: unknown }[]) : [];
  const [action] = actions;
  if (actions.length !== 1 || action?.type !== 'button' || !text(action.action_id))
    return 'block_actions that is not one button press';
  return undefined;
}

/**
 * Bolt reads `body.user.id` before any listener or middleware runs, so a signed
 * block_actions without a user ended in a 500 (and Slack retries a 5xx). The receivers hand
 * every verified request to `app.processEvent`; this check stands there, in HTTP and Socket
 * Mode alike: a payload that cannot be a press of our buttons is acknowledged (200), logged
 * once as a warning, answered "no longer valid" where there is a response_url, and nothing
 * else is done.
 */
export function guardInteractions(app: App, logger: Logger): void {
  const processEvent = app.processEvent.bind(app);
  app.processEvent = async (event: ReceiverEvent) => {
    const body = (event.body ?? {}) as Payload;
    const problem = interactionProblem(body);
    if (problem === undefined) return processEvent(event);
    await event.ack();
    logger.warn(
      { platform: 'slack', interaction: String(body.type), problem },
      `ignored a Slack interaction: ${problem}`,
    );
    if (text(body.response_url)) {
      await postToResponseUrl(body.response_url, invalidButtonReply()).catch((error: unknown) =>
        logger.debug({ err: error }, 'could not answer an ignored Slack interaction'),
      );
    }
  };
}
