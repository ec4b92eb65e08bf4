import type { App } from '@slack/bolt';
import { runButtonPress } from '../../core/buttons.js';
import type { ChatDeps } from '../../core/chat-entry.js';
import { slackFiles } from './chart-block.js';
import { postToResponseUrl } from './deliver.js';
import { deliverFilesAfterAnswer } from './upload.js';

/**
 * Every button press goes to the core's button registry, which refuses (and logs) one that
 * is not ours. Payloads that cannot be a button press at all never get here
 * (interaction-guard.ts): each press has a user, a team, a response_url and one button.
 */
export function registerActionListeners(app: App, deps: ChatDeps): void {
  app.action({ type: 'block_actions' }, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button') return;
    const channelId = body.channel?.id ?? body.container?.channel_id;
    const reply = await runButtonPress(deps, {
      platform: 'slack',
      workspaceId: body.team?.id ?? body.user.team_id ?? '',
      userId: body.user.id,
      channelId,
      actionId: action.action_id,
      value: action.value ?? '',
      // Lets a queued export started from this button report back.
      replyTo: { platform: 'slack', responseUrl: body.response_url },
    });
    const style = await postToResponseUrl(body.response_url, reply, reply.replaceOriginal ?? false);
    const files = { ...reply, files: slackFiles(reply, style) };
    await deliverFilesAfterAnswer(client, files, { channelId, userId: body.user.id }, respond, deps.logger);
  });
}
