import { beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, TEAM, useSlackHarness } from '../../helpers/slack-harness.js';
import { postSlashCommand } from '../../helpers/slack-request.js';
import { createDefaultAccount } from '../../helpers/test-database.js';

describe('Slack request verification', () => {
  const h = useSlackHarness();
  beforeAll(async () => {
    await createDefaultAccount(h().db, 'default');
  });

  const help = () => ({
    command: '/licstats',
    text: 'help',
    user_id: ADMIN,
    team_id: TEAM,
    response_url: h().slack.responseUrl(),
  });

  it('answers a correctly signed command', async () => {
    const command = help();
    const res = await postSlashCommand(h().baseUrl, command);
    expect(res.status).toBe(200);
    // Help is a table: an empty ack, then the answer through the response_url.
    expect(await res.text()).toBe('');
    const id = command.response_url.split('/').pop();
    await h().slack.waitFor(() =>
      h()
        .slack.responses()
        .some((r) => r.name === id),
    );
    const answer = h()
      .slack.responses()
      .find((r) => r.name === id)?.params as { blocks: { text?: { text: string } }[] };
    expect(answer.blocks[0]?.text?.text).toBe('LicBot commands');
    h().slack.calls.length = 0;
  });

  it.each([
    ['a wrong signature', { secret: 'not-the-secret-0123456789' }],
    ['a stale timestamp (6 minutes old)', { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 }],
    ['a timestamp 6 minutes in the future', { timestamp: Math.floor(Date.now() / 1000) + 6 * 60 }],
    ['missing signature headers', { omitHeaders: true }],
  ])('refuses %s with 401 and runs no handler', async (_label, options) => {
    const before = await h().db.sql('select count(*)::int as n from workspace_link');
    const res = await postSlashCommand(h().baseUrl, help(), options);
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
    // The handler would have auto-linked the workspace; nothing changed.
    expect(await h().db.sql('select count(*)::int as n from workspace_link')).toEqual(before);
    expect(h().slack.responses()).toHaveLength(0);
  });

  it('accepts a timestamp 4 minutes old (inside the window)', async () => {
    const res = await postSlashCommand(h().baseUrl, help(), { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 });
    expect(res.status).toBe(200);
  });
});
