import type { App } from '@slack/bolt';
import { runButtonPress } from '../../core/buttons.js';
import type { ChatDeps } from '../../core/chat-entry.js';
import { renderSlackMessage } from './blocks.js';
import { uploadFiles } from './upload.js';

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
    });
    const message = renderSlackMessage(reply);
    await respond({ ...message, replace_original: reply.replaceOriginal ?? false });
    if (reply.files?.length) {
      const where = await uploadFiles(client, reply.files, { channelId, userId: body.user.id });
      if (where.direct)
        await respond({
          response_type: 'ephemeral',
          text: 'I am not a member of this channel, so I sent the file to you as a direct message.',
          replace_original: false,
        });
    }
  });
}
