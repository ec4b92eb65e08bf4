import { describe, expect, it } from 'vitest';
import { removedFromConversation, withoutRequest } from '../../../src/platforms/teams/teams-errors.js';

/** What @azure/core-client throws for a connector error answer. */
function restError(status: number, code: string) {
  return Object.assign(new Error(`fake ${code}`), {
    name: 'RestError',
    statusCode: status,
    code,
    request: { headers: { authorization: 'Bearer secret-outbound-token' }, body: '{"url":"/files/secret-link"}' },
  });
}

describe('Teams connector errors', () => {
  it('read 403 roster and 404 not found as "removed", and nothing else', () => {
    expect(removedFromConversation(restError(403, 'BotNotInConversationRoster'))?.code).toBe('bot_removed');
    expect(removedFromConversation(restError(404, 'ConversationNotFound'))?.code).toBe('conversation_not_found');
    expect(removedFromConversation(restError(429, 'TooManyRequests'))).toBeUndefined();
    expect(removedFromConversation(restError(500, 'InternalServerError'))).toBeUndefined();
  });

  it('are logged without the request they carry (bearer token, download links)', () => {
    const plain = withoutRequest(restError(502, 'BadGateway'));
    expect(plain.message).toBe('Teams answered 502 BadGateway: fake BadGateway');
    const logged = JSON.stringify({ ...plain, message: plain.message, stack: plain.stack });
    expect(logged).not.toContain('secret');
  });
});
