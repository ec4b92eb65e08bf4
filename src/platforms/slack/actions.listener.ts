import type { App } from '@slack/bolt';
import { runButtonPress } from '../../core/buttons.js';
import type { ChatDeps } from '../../core/chat-entry.js';
import { renderSlackMessage, type TableStyle } from './blocks.js';
import { slackFiles } from './chart-block.js';
import { postToResponseUrl } from './deliver.js';
import { deliverFilesAfterAnswer } from './upload.js';

/** Every LicBot button (action ids `licbot:*`) goes to the core's button registry. */
export function registerActionListeners(app: App, deps: ChatDeps): void {
  app.action(/^licbot:/, async ({ ack, body, action, respond, client }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_id' in action)) return;
    const channelId = body.channel?.id ?? body.container?.channel_id;
    const reply = await runButtonPress(deps, {
      platform: 'slack',
      workspaceId: body.team?.id ?? body.user.team_id ?? '',
      userId: body.user.id,
      channelId,
      actionId: action.action_id,
      value: action.value ?? '',
      // Lets a queued export started from this button report back.
      replyTo: body.response_url ? { platform: 'slack', responseUrl: body.response_url } : undefined,
    });
    let style: TableStyle = 'native';
    if (body.response_url) style = await postToResponseUrl(body.response_url, reply, reply.replaceOriginal ?? false);
    else await respond({ ...renderSlackMessage(reply), replace_original: reply.replaceOriginal ?? false });
    const files = { ...reply, files: slackFiles(reply, style) };
    await deliverFilesAfterAnswer(client, files, { channelId, userId: body.user.id }, respond, deps.logger);
  });
}
