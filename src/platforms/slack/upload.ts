import type { RespondFn, webApi } from '@slack/bolt';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../logger.js';
import { type SpooledFile, spoolFiles, uploadToChannel } from './external-upload.js';

type WebClient = webApi.WebClient;

function slackError(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

export interface FileTarget {
  channelId?: string;
  userId: string;
}

/**
 * Uploads a reply's files. A private reply's files go to the person as a direct message
 * (files in a channel are visible to all its members, whatever their role); a public reply's
 * go into the channel, or to the person when the bot is not a member there. Returns a line
 * to tell the person where the files went, or undefined when there were none.
 */
export async function uploadReplyFiles(
  client: WebClient,
  reply: Reply,
  target: FileTarget,
): Promise<string | undefined> {
  const files = reply.files ?? [];
  if (files.length === 0) return undefined;
  const spool = await spoolFiles(files);
  try {
    return await uploadSpooled(client, spool.files, reply, target);
  } finally {
    await spool.remove();
  }
}

async function uploadSpooled(
  client: WebClient,
  files: readonly SpooledFile[],
  reply: Reply,
  target: FileTarget,
): Promise<string> {
  const names = files.map((f) => f.name).join(', ');
  const upload = (channelId: string) => uploadToChannel(client, files, channelId);
  if (reply.visibility === 'public' && target.channelId) {
    try {
      await upload(target.channelId);
      return `Posted ${names} in this channel.`;
    } catch (error) {
      if (!['not_in_channel', 'channel_not_found', 'not_allowed_token_type'].includes(slackError(error) ?? ''))
        throw error;
    }
    await uploadDirect(client, target.userId, upload);
    return `I am not a member of this channel, so I sent ${names} to you as a direct message. Invite me with /invite @LicBot to post files here.`;
  }
  await uploadDirect(client, target.userId, upload);
  return `I sent ${names} to you as a direct message (add \`public\` to post it in the channel).`;
}

async function uploadDirect(
  client: WebClient,
  userId: string,
  upload: (channelId: string) => Promise<unknown>,
): Promise<void> {
  const opened = await client.conversations.open({ users: userId });
  const channelId = opened.channel?.id;
  if (!channelId) throw new Error('conversations.open returned no channel');
  await upload(channelId);
}

/**
 * Uploads the files and tells the person where they went (or that it failed) through
 * `say`, which never throws: a lost note must not turn a delivered file into a retry.
 */
export async function deliverFiles(
  client: WebClient,
  reply: Reply,
  target: FileTarget,
  say: (text: string) => Promise<unknown>,
  onError: (error: unknown, what: string) => void,
): Promise<void> {
  let note: string | undefined;
  try {
    note = await uploadReplyFiles(client, reply, target);
  } catch (error) {
    onError(error, 'Slack file upload failed');
    note = 'Sorry, I could not upload the CSV file to Slack. Please try again in a minute.';
  }
  if (!note) return;
  try {
    await say(note);
  } catch (error) {
    onError(error, 'could not tell the user where the file went');
  }
}

/**
 * After answering a slash command or a button: the reply's files, and a private note about
 * where they went through the same `respond`, without touching the answer itself.
 */
export function deliverFilesAfterAnswer(
  client: WebClient,
  reply: Reply,
  target: FileTarget,
  respond: RespondFn,
  logger: Logger,
): Promise<void> {
  return deliverFiles(
    client,
    reply,
    target,
    (text) => respond({ response_type: 'ephemeral', text, replace_original: false }),
    (error, what) => logger.error({ err: error }, what),
  );
}
