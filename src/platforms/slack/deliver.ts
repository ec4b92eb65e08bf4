import { webApi } from '@slack/bolt';
import type { Config } from '../../config.js';
import type { Reply } from '../../core/reply.js';
import type { Logger } from '../../logger.js';
import { hasTableBlock, renderSlackMessage, TABLE_REFUSALS, type TableStyle } from './blocks.js';
import { boltLogger } from './bolt-logger.js';
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

/** A Web API client for a worker; its warnings (retries, rate limits) go to our log, scrubbed. */
export function createSlackClient(config: Config, logger: Logger): webApi.WebClient {
  if (!config.SLACK_BOT_TOKEN) throw new Error('SLACK_BOT_TOKEN is not set: cannot deliver to Slack');
  return new webApi.WebClient(config.SLACK_BOT_TOKEN, { ...slackClientOptions(config), logger: boltLogger(logger) });
}

type PostAnswer = { ok: boolean; status: number; error?: string; retryAfterSeconds?: number };

/** A response_url post that got no answer within this long is given up (and tried again). */
const RESPONSE_URL_TIMEOUT_MS = 10_000;
/** Tries of one response_url post: a dropped connection, 5xx or 429 is tried again. */
const RESPONSE_URL_ATTEMPTS = 3;
const MAX_RETRY_AFTER_SECONDS = 10;

async function postJsonOnce(url: string, body: string): Promise<PostAnswer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    signal: AbortSignal.timeout(RESPONSE_URL_TIMEOUT_MS),
  });
  const text = await res.text();
  let error: string | undefined;
  try {
    error = (JSON.parse(text) as { ok?: boolean; error?: string }).error;
  } catch {
    // Slack answers a plain "ok" on success.
  }
  const retryAfter = Number(res.headers.get('retry-after'));
  return {
    ok: res.ok && !error,
    status: res.status,
    error,
    ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterSeconds: retryAfter } : {}),
  };
}

/**
 * A response_url post, tried again after a dropped connection, a time-out, a 5xx or a 429
 * (after its Retry-After, unless that is longer than a person waits): one lost packet must
 * not lose the answer to a command. If Slack took a post whose answer was then lost, the
 * retry shows the private reply twice, which beats showing it not at all; a reply that
 * replaces a message is the same either way.
 */
async function postJson(url: string, body: unknown, attempts = RESPONSE_URL_ATTEMPTS): Promise<PostAnswer> {
  const json = JSON.stringify(body);
  for (let attempt = 1; ; attempt++) {
    let answer: PostAnswer | undefined;
    let failure: unknown;
    try {
      answer = await postJsonOnce(url, json);
      if (answer.ok || (answer.status < 500 && answer.status !== 429)) return answer;
    } catch (error) {
      failure = error;
    }
    const waitSeconds = answer?.retryAfterSeconds ?? 0.5 * 2 ** (attempt - 1);
    if (attempt >= attempts || waitSeconds > MAX_RETRY_AFTER_SECONDS) {
      if (answer) return answer;
      throw failure;
    }
    await new Promise((resolve) => setTimeout(resolve, waitSeconds * 1000));
  }
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
  /** One for a notice that must not hold back the answer behind it. */
  attempts = RESPONSE_URL_ATTEMPTS,
): Promise<TableStyle> {
  const message = renderSlackMessage(reply);
  let style: TableStyle = 'native';
  let answer = await postJson(responseUrl, { ...message, replace_original: replaceOriginal }, attempts);
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
