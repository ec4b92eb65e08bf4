import { beforeAll, describe, expect, it } from 'vitest';
import type { Injected } from '../../helpers/fake-slack.js';
import { codeTables } from '../../helpers/slack-blocks.js';
import { answerAt } from '../../helpers/slack-commands.js';
import { ADMIN, TEAM, useSlackHarness } from '../../helpers/slack-harness.js';
import { postSlashCommand } from '../../helpers/slack-request.js';
import { createDefaultAccount } from '../../helpers/test-database.js';
import { seedUsageFixture } from '../../helpers/usage-fixture.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };
const POOL_ROW = ['ElumTools MUL ELUMA…', '3', '3', '3', '2'];

/**
 * `/licstats usage` answers with a table block, so its answer always goes through the
 * response_url (where a refused table can be seen): the path these faults hit. Each fault
 * is injected for one response_url only, so a late post of another test cannot take it.
 */
describe('Slack: an answer through the response_url survives a lost connection', () => {
  const h = useSlackHarness({ now: () => clock.now });

  beforeAll(async () => {
    await seedUsageFixture(h().db, await createDefaultAccount(h().db, 'default'));
  });

  /** Types `/licstats usage elum` with a response_url whose next post fails this way. */
  async function usageWith(failure: Injected): Promise<string> {
    const responseUrl = h().slack.responseUrl();
    const key = `response/${responseUrl.split('/').pop()}`;
    h().slack.inject(key, failure);
    const res = await postSlashCommand(h().baseUrl, {
      command: '/licstats',
      text: 'usage elum',
      user_id: ADMIN,
      team_id: TEAM,
      channel_id: 'C0GENERAL',
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);
    await h().slack.waitFor(() => h().slack.injectedLeft(key) === 0);
    return responseUrl;
  }
  const answersTo = (url: string) =>
    h()
      .slack.responses()
      .filter((r) => r.name === url.split('/').pop());

  it('posts again when the connection drops before Slack answers, and the answer arrives once', async () => {
    const url = await usageWith({ drop: true });
    expect(codeTables(await answerAt(h(), url))[0]?.[1]).toEqual(POOL_ROW);
    expect(answersTo(url)).toHaveLength(1);
  });

  it('waits out a 503 with Retry-After, then posts', async () => {
    const url = await usageWith({ status: 503, retryAfter: 1 });
    const refused = Date.now();
    expect(codeTables(await answerAt(h(), url))[0]?.[1]).toEqual(POOL_ROW);
    expect(Date.now() - refused).toBeGreaterThanOrEqual(900);
  });

  it('does not post again when Slack refuses for good (an expired response_url answers 404)', async () => {
    const url = await usageWith({ status: 404 });
    // A retry would come 0.5 s after the refusal and find the way clear.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(answersTo(url)).toEqual([]);
  });

  it('does not wait out a Retry-After longer than a person waits for an answer', async () => {
    const url = await usageWith({ status: 429, retryAfter: 60 });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(answersTo(url)).toEqual([]);
  });
});
