import { webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import { type ChatDelivery, DeliveryRefused, type FoundMessage, type PostedMessage } from '../../core/delivery.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../logger.js';
import { hasTableBlock, renderSlackMessage, TABLE_REFUSALS } from './blocks.js';
import { boltLogger } from './bolt-logger.js';
import { ChannelPacer } from './channel-pacer.js';
import { spoolFiles, uploadToChannel } from './external-upload.js';

/** Slack's answer codes that no retry can fix, and what a person should do about each. */
const REFUSALS: Record<string, string> = {
  not_in_channel: 'LicBot is not a member of the channel: invite it with /invite @LicBot.',
  channel_not_found: 'The channel no longer exists, or LicBot cannot see it: subscribe another channel.',
  is_archived: 'The channel is archived: unarchive it or subscribe another channel.',
  invalid_auth: 'The Slack bot token is not valid: reinstall LicBot or update SLACK_BOT_TOKEN.',
  token_revoked: 'The Slack bot token was revoked: reinstall LicBot.',
  account_inactive: 'The Slack bot user is deactivated: reinstall LicBot.',
  not_allowed_token_type: 'SLACK_BOT_TOKEN is not a bot token (xoxb-…).',
  missing_scope: 'The Slack app lacks a scope it needs: reinstall it from slack/manifest.yml.',
  restricted_action: 'A workspace setting stops LicBot from posting in that channel.',
  user_not_found: 'That person is no longer in the Slack workspace.',
  cannot_dm_bot: 'That user is a bot and cannot receive direct messages.',
};

const DELIVERY_EVENT = 'licbot_delivery';
/** A post is retried after 429 this many times (Slack posted nothing when it answered 429). */
const RATE_LIMIT_ATTEMPTS = 8;
const MAX_RETRY_AFTER_SECONDS = 60;
/** How far back `findPosted` pages through a busy channel's history. */
const HISTORY_PAGES = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The Slack adapter of the delivery port. Its Web API client never retries on its own: a
 * 5xx or a dropped connection may hide a post Slack did make, so those fail the job, whose
 * retry first looks for the post (findPosted). Only 429 is retried here, after Retry-After,
 * because Slack made nothing then. Messages to one channel are paced to about one a second.
 */
export function createSlackDelivery(config: Config, logger: Logger): ChatDelivery {
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set: cannot deliver to Slack');
  const client = new webApi.WebClient(config.SLACK_BOT_TOKEN, {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    // A post that times out may still have been made: the job's retry looks for it first.
    timeout: config.SLACK_TIMEOUT_SECONDS * 1000,
    logger: boltLogger(logger),
  });
  const pacer = new ChannelPacer(1000);

  async function call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const code = (error as { data?: { error?: string } }).data?.error;
        if (code && REFUSALS[code]) throw new DeliveryRefused(code, REFUSALS[code]);
        const retryAfter = (error as { retryAfter?: number }).retryAfter;
        if (retryAfter === undefined || attempt >= RATE_LIMIT_ATTEMPTS) throw error;
        logger.info({ what, retryAfter, attempt }, 'Slack rate limit: waiting before retrying');
        await sleep(Math.min(retryAfter, MAX_RETRY_AFTER_SECONDS) * 1000);
      }
    }
  }

  async function post(channel: string, reply: Reply, deliveryKey?: string): Promise<PostedMessage> {
    const native = renderSlackMessage({ ...reply, files: undefined });
    try {
      return await postMessage(channel, native, deliveryKey);
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (!hasTableBlock(native) || !code || !TABLE_REFUSALS.has(code)) throw error;
      // Slack posted nothing: the same message with monospace tables, so it is not lost.
      logger.warn({ channel, code }, 'Slack refused a table block: posting the monospace form');
      return postMessage(channel, renderSlackMessage({ ...reply, files: undefined }, 'monospace'), deliveryKey);
    }
  }

  async function postMessage(
    channel: string,
    message: ReturnType<typeof renderSlackMessage>,
    deliveryKey?: string,
  ): Promise<PostedMessage> {
    await pacer.wait(channel);
    const answer = await call('chat.postMessage', () =>
      client.chat.postMessage({
        channel,
        text: message.text,
        blocks: message.blocks as never,
        ...(message.attachments ? { attachments: message.attachments as never } : {}),
        unfurl_links: false,
        ...(deliveryKey ? { metadata: { event_type: DELIVERY_EVENT, event_payload: { key: deliveryKey } } } : {}),
      }),
    );
    if (!answer.ts) throw new Error('chat.postMessage returned no ts');
    return { messageTs: answer.ts, channel: answer.channel ?? channel };
  }

  async function uploadFiles(channel: string, files: NonNullable<Reply['files']>): Promise<void> {
    if (files.length === 0) return;
    const spool = await spoolFiles(files);
    try {
      // Not paced behind the message it follows: Slack's one-a-second-per-channel limit is
      // chat.postMessage's; file completion has a per-method limit, answered with 429 if hit.
      // A 429 anywhere in the upload shared nothing yet, so the whole upload may run again.
      await call('file upload', () => uploadToChannel(client, spool.files, channel));
    } finally {
      await spool.remove();
    }
  }

  async function openDirect(userId: string): Promise<string> {
    const opened = await call('conversations.open', () => client.conversations.open({ users: userId }));
    if (!opened.channel?.id) throw new Error('conversations.open returned no channel');
    return opened.channel.id;
  }

  return {
    platform: 'slack',
    postToChannel: (channel, reply, options) => post(channel, reply, options?.deliveryKey),
    uploadFiles,
    async findPosted(channel, deliveryKey, since) {
      try {
        return await findByMetadata(client, channel, deliveryKey, since, call);
      } catch (error) {
        // Without channels:history (groups:history for private channels) a retry cannot
        // look; it posts again, and the log says why a duplicate may follow.
        logger.warn({ err: error, channel }, 'cannot look for an earlier post in Slack history');
        return undefined;
      }
    },
    async sendDirect(userId, reply) {
      const channel = await openDirect(userId);
      const posted = await post(channel, reply);
      await uploadFiles(channel, reply.files ?? []);
      return posted;
    },
  };
}

type HistoryMessage = {
  ts?: string;
  metadata?: { event_type?: string; event_payload?: { key?: string } };
  files?: { name?: string; title?: string }[];
};

async function findByMetadata(
  client: webApi.WebClient,
  channel: string,
  key: string,
  since: Date,
  call: <T>(what: string, fn: () => Promise<T>) => Promise<T>,
): Promise<FoundMessage | undefined> {
  const seen: HistoryMessage[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < HISTORY_PAGES; page++) {
    const answer = await call('conversations.history', () =>
      client.conversations.history({
        channel,
        oldest: String(Math.floor(since.getTime() / 1000)),
        include_all_metadata: true,
        limit: 200,
        ...(cursor ? { cursor } : {}),
      }),
    );
    seen.push(...((answer.messages ?? []) as HistoryMessage[]));
    cursor = answer.response_metadata?.next_cursor || undefined;
    if (!cursor) break;
  }
  const found = seen.find((m) => m.metadata?.event_type === DELIVERY_EVENT && m.metadata.event_payload?.key === key);
  if (!found?.ts) return undefined;
  const after = Number(found.ts);
  const fileNames = seen
    .filter((m) => Number(m.ts) >= after)
    .flatMap((m) => m.files ?? [])
    .map((f) => f.title ?? f.name ?? '');
  return { messageTs: found.ts, channel, fileNames };
}
