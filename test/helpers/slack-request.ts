import { createHmac } from 'node:crypto';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

export interface SlashCommand {
  command: string;
  text: string;
  user_id: string;
  team_id: string;
  channel_id?: string;
  response_url: string;
  trigger_id?: string;
  user_name?: string;
}

/** Slack's v0 request signature over `v0:{timestamp}:{body}`. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

/** Sends a signed slash command exactly as Slack does (form-encoded). */
export async function postSlashCommand(
  baseUrl: string,
  command: SlashCommand,
  options: { secret?: string; timestamp?: number; omitHeaders?: boolean } = {},
): Promise<Response> {
  const body = new URLSearchParams({
    channel_id: 'C0GENERAL',
    trigger_id: 't.1',
    user_name: 'someone',
    ...command,
  }).toString();
  return postSigned(baseUrl, body, 'application/x-www-form-urlencoded', options);
}

/** Sends a signed interactive payload (button press): `payload=<json>` form-encoded. */
export async function postInteraction(
  baseUrl: string,
  payload: Record<string, unknown>,
  options: { secret?: string; timestamp?: number } = {},
): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(baseUrl, body, 'application/x-www-form-urlencoded', options);
}

async function postSigned(
  baseUrl: string,
  body: string,
  contentType: string,
  options: { secret?: string; timestamp?: number; omitHeaders?: boolean },
): Promise<Response> {
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = { 'content-type': contentType };
  if (!options.omitHeaders) {
    headers['x-slack-request-timestamp'] = String(timestamp);
    headers['x-slack-signature'] = slackSignature(options.secret ?? TEST_SIGNING_SECRET, timestamp, body);
  }
  return fetch(`${baseUrl}/slack/events`, { method: 'POST', headers, body });
}

/** A button press payload, as Slack sends block_actions. */
export function buttonPress(args: {
  actionId: string;
  value: string;
  userId: string;
  teamId: string;
  channelId?: string;
  responseUrl: string;
}): Record<string, unknown> {
  return {
    type: 'block_actions',
    user: { id: args.userId, username: 'someone', team_id: args.teamId },
    team: { id: args.teamId, domain: 'fake' },
    api_app_id: 'A0FAKE',
    token: 'legacy-verification-token',
    container: { type: 'message', message_ts: '1.1', channel_id: args.channelId ?? 'C0GENERAL', is_ephemeral: true },
    trigger_id: 't.2',
    channel: { id: args.channelId ?? 'C0GENERAL', name: 'general' },
    response_url: args.responseUrl,
    actions: [{ type: 'button', action_id: args.actionId, block_id: 'b1', value: args.value, action_ts: '1.2' }],
  };
}
