import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TEAM, useSlackHarness } from '../helpers/slack-harness.js';
import { buttonPress, slackSignature, TEST_SIGNING_SECRET } from '../helpers/slack-request.js';
import { createDefaultAccount } from '../helpers/test-database.js';

/**
 * What test/platforms/slack/slack-security.test.ts leaves out: a body changed after it was
 * signed (a wrong secret, stale and future timestamps and missing headers are refused there).
 */
describe('Slack: a body altered after signing is refused', () => {
  const h = useSlackHarness();
  beforeAll(async () => {
    await createDefaultAccount(h().db, 'default');
  });

  const send = (signedBody: string, sentBody: string, signature?: string) => {
    const timestamp = Math.floor(Date.now() / 1000);
    return fetch(`${h().baseUrl}/slack/events`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-slack-request-timestamp': String(timestamp),
        'x-slack-signature': signature ?? slackSignature(TEST_SIGNING_SECRET, timestamp, signedBody),
      },
      body: sentBody,
    });
  };
  const command = (text: string, user = 'UNOBODY1') =>
    new URLSearchParams({
      command: '/licstats',
      text,
      user_id: user,
      team_id: TEAM,
      channel_id: 'C0GENERAL',
      user_name: 'someone',
      trigger_id: 't.1',
      response_url: h().slack.responseUrl(),
    }).toString();
  const unchanged = async () => {
    expect(await h().db.sql('select count(*)::int as n from workspace_link')).toEqual([{ n: 0 }]);
    expect(await h().db.sql('select count(*)::int as n from audit_log')).toEqual([{ n: 0 }]);
    expect(h().slack.responses()).toHaveLength(0);
  };

  it('refuses a command whose user or text was changed, and a signature made for another version', async () => {
    const signed = command('help');
    expect((await send(signed, command('help', ADMIN))).status).toBe(401);
    expect((await send(signed, command('reset all'))).status).toBe(401);
    expect((await send(signed, `${signed}&extra=1`)).status).toBe(401);
    const timestamp = Math.floor(Date.now() / 1000);
    const v1 = slackSignature(TEST_SIGNING_SECRET, timestamp, signed).replace(/^v0=/, 'v1=');
    expect((await send(signed, signed, v1)).status).toBe(401);
    await unchanged();
  });

  it('refuses a button press whose value was changed', async () => {
    const payload = (value: string) =>
      new URLSearchParams({
        payload: JSON.stringify(
          buttonPress({
            actionId: 'licbot:reset-confirm',
            value,
            userId: ADMIN,
            teamId: TEAM,
            responseUrl: h().slack.responseUrl(),
          }),
        ),
      }).toString();
    const res = await send(
      payload('00000000-0000-0000-0000-000000000000'),
      payload('11111111-1111-1111-1111-111111111111'),
    );
    expect(res.status).toBe(401);
    await unchanged();
  });
});
