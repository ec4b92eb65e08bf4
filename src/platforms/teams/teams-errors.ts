import { DeliveryRefused } from '../../core/delivery.js';

/** What the connector said when a call failed: HTTP status, Teams error code, Retry-After. */
export function connectorError(error: unknown): { status?: number; code?: string; retryAfterSeconds?: number } {
  const e = error as {
    statusCode?: number;
    code?: string;
    response?: { status?: number; headers?: { get?(name: string): string | undefined }; bodyAsText?: string };
    body?: { error?: { code?: string } };
  };
  const status = e.statusCode ?? e.response?.status;
  let code = e.body?.error?.code;
  if (!code && e.response?.bodyAsText) {
    try {
      code = (JSON.parse(e.response.bodyAsText) as { error?: { code?: string } }).error?.code;
    } catch {}
  }
  if (!code && typeof e.code === 'string' && !/^(REQUEST_SEND_ERROR|PARSE_ERROR)$/.test(e.code)) code = e.code;
  const retryAfter = Number(e.response?.headers?.get?.('retry-after'));
  return { status, code, retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined };
}

/**
 * The answers that mean the bot is gone from the conversation (uninstalled, removed from the
 * team, chat deleted): no retry can fix them.
 */
export function removedFromConversation(error: unknown): DeliveryRefused | undefined {
  const { status, code } = connectorError(error);
  if (status === 403 && code === 'BotNotInConversationRoster')
    return new DeliveryRefused('bot_removed', 'LicBot is no longer a member of that Teams conversation: add it again.');
  if (status === 404 && (code === 'ConversationNotFound' || code === undefined))
    return new DeliveryRefused(
      'conversation_not_found',
      'That Teams conversation no longer exists: subscribe another channel.',
    );
  if (status === 403 && code === 'ConversationBlockedByUser')
    return new DeliveryRefused('blocked_by_user', 'That person blocked LicBot in Teams.');
  return undefined;
}

/**
 * The connector's error without the request it carries (headers with the bot's bearer
 * token, a body with download links): safe to log and to keep in a failed job.
 */
export function withoutRequest(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const { status, code } = connectorError(error);
  if (status === undefined && code === undefined) return error;
  const plain = new Error(`Teams answered ${status ?? '?'}${code ? ` ${code}` : ''}: ${error.message}`);
  plain.name = 'TeamsConnectorError';
  return plain;
}
