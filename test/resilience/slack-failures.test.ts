import { describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { runLicbot } from '../helpers/cli.js';
import { type JobsHarness, useJobsHarness } from '../helpers/jobs-harness.js';
import { reportFaultRun } from '../helpers/resilience-report.js';
import { accountWithAWeek, WEEKLY_DUE as DUE, subscribeMondays } from '../helpers/weekly-fixture.js';

/** The weekly-report queue's attempts (jobs/queues.ts), each after an exponential backoff from 2 s. */
const ATTEMPTS = 5;

describe('the Slack API timing out or failing while a weekly report is posted', () => {
  // A short Web API timeout, so a stalled Slack fails the attempt in 2 s rather than 30.
  const h = useJobsHarness(DUE, { env: { SLACK_TIMEOUT_SECONDS: '2' } });
  let account: Account | undefined;

  async function subscribe(harness: JobsHarness, channel: string): Promise<number> {
    if (!account) {
      account = await accountWithAWeek(harness);
      await harness.startWorkers(['weekly-report']);
    }
    return (await subscribeMondays(harness, account, [channel])).get(channel)!;
  }

  const delivery = async (id: number) =>
    (
      await h().db.sql<{ status: string; attempts: number; file_sent: boolean; error: string | null }>(
        'select status, attempts, file_sent, error from delivery where subscription_id = $1',
        [id],
      )
    )[0];
  const finished = (id: number) => async () => ['sent', 'failed'].includes((await delivery(id))?.status ?? '');

  it.each([
    { fault: '500 from chat.postMessage', failure: { status: 500 }, channel: 'C0HTTP500' },
    { fault: '503 with Retry-After', failure: { status: 503, retryAfter: 1 }, channel: 'C0HTTP503' },
    { fault: 'the connection dropped before Slack posted', failure: { drop: true }, channel: 'C0DROP' },
    { fault: 'the connection dropped after Slack posted', failure: { acceptThenDrop: true }, channel: 'C0DROPPOSTED' },
    { fault: 'a timeout before Slack posted', failure: { stall: true }, channel: 'C0TIMEOUT' },
    { fault: 'a timeout after Slack posted', failure: { acceptThenStall: true }, channel: 'C0TIMEOUTPOSTED' },
  ] as const)(
    '$fault: one retry, which looks for the post first, and the report is posted once',
    async ({ failure, channel }) => {
      const id = await subscribe(h(), channel);
      h().slack.inject('chat.postMessage', failure);
      expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(1);
      await h().waitFor(finished(id), 30_000);

      expect(h().slack.deliveryPosts(channel)).toHaveLength(1);
      expect(
        h()
          .slack.channels.get(channel)
          ?.filter((m) => m.files),
      ).toHaveLength(1);
      expect(await delivery(id)).toEqual({ status: 'sent', attempts: 2, file_sent: true, error: null });
      // The retry asked the channel's history before posting (it might have been made).
      expect(
        h()
          .slack.api('conversations.history')
          .some((c) => c.params.channel === channel),
      ).toBe(true);
      reportFaultRun(`slack ${JSON.stringify(failure)}`, { attempts: 2, posts: 1 });
    },
    60_000,
  );

  it('Slack failing every attempt: gives up after the bounded retries, records why, posts nothing', async () => {
    const channel = 'C0DOWN';
    const id = await subscribe(h(), channel);
    h().slack.inject('chat.postMessage', ...Array.from({ length: ATTEMPTS }, () => ({ status: 502 })));
    const historyBefore = h().slack.api('conversations.history').length;
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(1);
    // Backoff 2 + 4 + 8 + 16 s between the five attempts.
    await h().waitFor(finished(id), 60_000);

    const failed = await delivery(id);
    expect(failed).toMatchObject({ status: 'failed', attempts: ATTEMPTS, file_sent: false });
    expect(failed?.error).toMatch(new RegExp(`^gave up after ${ATTEMPTS} attempts: .*502`));
    expect(h().slack.channels.get(channel) ?? []).toHaveLength(0);
    // Every retry looked for an earlier post first.
    expect(h().slack.api('conversations.history').length - historyBefore).toBe(ATTEMPTS - 1);
    // The operator sees it in the listing; the scheduler does not post it again by itself.
    const listed = await runLicbot(['subscriptions', 'list', '--format', 'json'], {
      DATABASE_URL: h().config.DATABASE_URL,
      REDIS_URL: h().config.REDIS_URL,
    });
    const row = (JSON.parse(listed.out) as { id: number; lastDelivery: { status: string; error: string } }[]).find(
      (s) => s.id === id,
    );
    expect(row?.lastDelivery).toMatchObject({ status: 'failed', error: failed?.error });
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(0);
    reportFaultRun('slack 502 on every attempt', { attempts: failed?.attempts, error: failed?.error, posts: 0 });
  }, 90_000);
});
