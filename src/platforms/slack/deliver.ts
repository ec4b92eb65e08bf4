import { webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../logger.js';
import { hasTableBlock, renderSlackMessage, TABLE_REFUSALS, type TableStyle } from './blocks.js';
import { slackFiles } from './chart-block.js';
import { uploadReplyFiles } from './upload.js';

/**
 * Web API client options shared by the Bolt app and the workers: the API base URL (tests
 * point it at a local fake) and bounded retries; the client waits out 429 Retry-After itself.
 */
export function slackClientOptions(config: Config) {
  return {
    ...(config.SLACK_API_URL ? { slackApiUrl: config.SLACK_API_URL } : {}),
    retryConfig: { retries: 5, factor: 2, minTimeout: 500, maxTimeout: 10_000 },
  };
}

export function createSlackClient(config: Config): webApi.WebClient {
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set: cannot deliver to Slack');
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, slackClientOptions(config));
}

async function postJson(url: string, body: unknown): Promise<{ ok: boolean; status: number; error?: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  let error: string | undefined;
  try {
    error = (JSON.parse(text) as { ok?: boolean; error?: string }).error;
  } catch {
    // Slack answers a plain "ok" on success.
  }
  return { ok: res.ok && !error, status: res.status, error };
}

/**
 * Posts to a slash command's or button's response_url (ephemeral unless the reply is
 * public). When Slack refuses a table or chart block (invalid_blocks), the same reply goes
 * again with its tables in monospace and no native chart, so the answer is never lost.
 * Returns the form that was posted (its files follow from it: see slackFiles).
 */
export async function postToResponseUrl(
  responseUrl: string,
  reply: Reply,
  replaceOriginal = false,
): Promise<TableStyle> {
  const message = renderSlackMessage(reply);
  let style: TableStyle = 'native';
  let answer = await postJson(responseUrl, { ...message, replace_original: replaceOriginal });
  if (!answer.ok && hasTableBlock(message) && answer.error && TABLE_REFUSALS.has(answer.error)) {
    style = 'monospace';
    answer = await postJson(responseUrl, {
      ...renderSlackMessage(reply, style),
      replace_original: replaceOriginal,
    });
  }
  if (!answer.ok) throw new Error(`response_url answered ${answer.status}${answer.error ? ` ${answer.error}` : ''}`);
  return style;
}

/**
 * Delivers a reply produced outside a request (a worker job): its files (see
 * uploadReplyFiles), then a note through the response_url when there is one. Only the upload
 * can fail the job; a lost note is logged, so a retry never posts the file twice.
 */
export async function deliverReply(
  client: webApi.WebClient,
  reply: Reply,
  target: { channelId?: string; userId: string; responseUrl?: string },
  logger: Logger,
): Promise<void> {
  const note = await uploadReplyFiles(client, { ...reply, files: slackFiles(reply) }, target);
  if (!target.responseUrl) return;
  try {
    await postToResponseUrl(target.responseUrl, note ? { text: `Your CSV is ready. ${note}` } : reply);
  } catch (error) {
    logger.warn({ err: error }, 'could not post to the response_url after delivering a file');
  }
}
