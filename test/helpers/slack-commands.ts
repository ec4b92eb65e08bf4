import { expect } from 'vitest';
import { SLOW_NOTICE_TEXT, WORKING_TEXT } from '../../src/platforms/slack/commands.listener.js';
import type { SlackMessage } from './slack-blocks.js';
import type { SlackHarness } from './slack-harness.js';
import { TEAM } from './slack-harness.js';
import { buttonPress, postInteraction, postSlashCommand } from './slack-request.js';

/**
 * Types a slash command and returns LicBot's answer: the ack body, or, when the ack was
 * empty (a reply with a table block goes through the response_url) or "Working on it…" (a
 * slow machine), the message posted to the response_url afterwards.
 */
export async function slash(
  h: SlackHarness,
  user: string,
  command: string,
  text: string,
  channel = 'C0GENERAL',
  team = TEAM,
): Promise<SlackMessage> {
  const responseUrl = h.slack.responseUrl();
  const res = await postSlashCommand(h.baseUrl, {
    command,
    text,
    user_id: user,
    team_id: team,
    channel_id: channel,
    response_url: responseUrl,
  });
  expect(res.status).toBe(200);
  const body = await res.text();
  const ack = (body ? JSON.parse(body) : { text: '', blocks: [] }) as SlackMessage;
  if (body && ack.text !== WORKING_TEXT) return ack;
  return answerAt(h, responseUrl);
}

/** What LicBot posted to a response_url, once it has arrived. */
export async function answerAt(h: SlackHarness, responseUrl: string): Promise<SlackMessage> {
  const id = responseUrl.split('/').pop();
  // On a very slow machine a "still working" notice comes first: the answer follows it.
  const answer = () => h.slack.responses().find((r) => r.name === id && r.params.text !== SLOW_NOTICE_TEXT);
  await h.slack.waitFor(() => answer() !== undefined);
  return answer()?.params as unknown as SlackMessage;
}

/** Presses a button and returns what LicBot posted to the button's response_url. */
export async function press(
  h: SlackHarness,
  user: string,
  actionId: string,
  value: string,
  team = TEAM,
): Promise<SlackMessage> {
  const responseUrl = h.slack.responseUrl();
  const res = await postInteraction(
    h.baseUrl,
    buttonPress({ actionId, value, userId: user, teamId: team, responseUrl }),
  );
  expect(res.status).toBe(200);
  return answerAt(h, responseUrl);
}
