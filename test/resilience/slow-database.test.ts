import { beforeAll, describe, expect, it } from 'vitest';
import { SLOW_NOTICE_TEXT, WORKING_TEXT } from '../../src/platforms/slack/commands.listener.js';
import { seedCommandFixture } from '../helpers/command-fixture.js';
import { reportFaultRun } from '../helpers/resilience-report.js';
import { codeTables, type SlackMessage } from '../helpers/slack-blocks.js';
import { ADMIN, TEAM, useSlackHarness } from '../helpers/slack-harness.js';
import { postSlashCommand } from '../helpers/slack-request.js';
import { holdLock, waitingOnLock } from '../helpers/table-lock.js';
import { createDefaultAccount } from '../helpers/test-database.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };

describe('Slack commands while the database is slow (a lock held on the table /licstats reads)', () => {
  const h = useSlackHarness({ now: () => clock.now });

  beforeAll(async () => {
    await seedCommandFixture(h().db, await createDefaultAccount(h().db, 'default'));
  });

  it('acks at once, says the data is taking long, then replaces that with the answer', async () => {
    const release = await holdLock(h().db, 'access_event', 'access exclusive');
    const responseUrl = h().slack.responseUrl();
    const id = responseUrl.split('/').pop();
    const posted = () =>
      h()
        .slack.responses()
        .filter((r) => r.name === id);
    let waitingAtAck: number;
    let waitingAtNotice: number;
    try {
      const res = await postSlashCommand(h().baseUrl, {
        command: '/licstats',
        text: '',
        user_id: ADMIN,
        team_id: TEAM,
        response_url: responseUrl,
      });
      expect(res.status).toBe(200);
      expect(((await res.json()) as SlackMessage).text).toBe(WORKING_TEXT);
      // The ack came back while the command's query still waits for the lock.
      waitingAtAck = await waitingOnLock(h().db);
      expect(waitingAtAck).toBe(1);
      expect(posted()).toHaveLength(0);

      await h().slack.waitFor(() => posted().length === 1, 20_000);
      expect(posted()[0]?.params).toMatchObject({ text: SLOW_NOTICE_TEXT, replace_original: true });
      waitingAtNotice = await waitingOnLock(h().db);
      expect(waitingAtNotice).toBe(1);
    } finally {
      await release();
    }

    await h().slack.waitFor(() => posted().length === 2, 20_000);
    const answer = posted()[1]?.params as unknown as SlackMessage & { replace_original: boolean };
    expect(answer.replace_original).toBe(true);
    expect(codeTables(answer)[0]?.slice(1)).toEqual([
      ['AGi32', '1 SUL', 'Expires 2026-12-10', '2', '0', '3', '2', '1', '2', '1', '0'],
      ['ElumTools', '3 MUL', 'Expires 2027-06-30', '2', '3', '4', '7', '6', '0', '0', '2'],
      ['Licaso', '1 HWK', 'Expires 2099-12-31', '0', '2', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'],
    ]);
    expect(await waitingOnLock(h().db)).toBe(0);
    reportFaultRun('slow database under a slash command', {
      ack: WORKING_TEXT,
      queriesWaitingAtAck: waitingAtAck,
      queriesWaitingAtNotice: waitingAtNotice,
      responseUrlPosts: posted().map((p) => (p.params.text === SLOW_NOTICE_TEXT ? 'slow notice' : 'answer')),
    });
  }, 60_000);
});
