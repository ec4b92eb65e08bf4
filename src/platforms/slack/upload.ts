import type { Readable } from 'node:stream';
import type { webApi } from '@slack/bolt';
import type { ReplyFile } from '../../core/reply.js';

type WebClient = webApi.WebClient;

async function toBuffer(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

/**
 * Uploads files into the channel where the command was typed; when the bot is not a member
 * there, into a direct message with the user instead. Returns where they went.
 */
export async function uploadFiles(
  client: WebClient,
  files: ReplyFile[],
  target: { channelId?: string; userId: string },
): Promise<{ channelId: string; direct: boolean }> {
  const loaded = await Promise.all(
    files.map(async (f) => ({ filename: f.name, title: f.name, file: await toBuffer(f.open()) })),
  );
  const upload = (channelId: string) => client.filesUploadV2({ channel_id: channelId, file_uploads: loaded });
  if (target.channelId) {
    try {
      await upload(target.channelId);
      return { channelId: target.channelId, direct: false };
    } catch (error) {
      if (!['not_in_channel', 'channel_not_found', 'not_allowed_token_type'].includes(slackError(error) ?? ''))
        throw error;
    }
  }
  const opened = await client.conversations.open({ users: target.userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await upload(channelId);
  return { channelId, direct: true };
}
