import { afterAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { type JobsHarness, useJobsHarness } from '../helpers/jobs-harness.js';
import { reportFaultRun } from '../helpers/resilience-report.js';
import { accountWithAWeek, WEEKLY_DUE as DUE, subscribeMondays } from '../helpers/weekly-fixture.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

describe('`licbot worker` killed with SIGKILL in the middle of a delivery', () => {
  const h = useJobsHarness(DUE);
  const processes: WorkerProcess[] = [];
  let account: Account | undefined;

  afterAll(async () => {
    for (const p of processes) await p.kill9();
  });

  async function subscribe(harness: JobsHarness, channel: string): Promise<number> {
    if (!account) {
      account = await accountWithAWeek(harness);
    }
    return (await subscribeMondays(harness, account, [channel])).get(channel)!;
  }

  const delivery = async (id: number) =>
    (
      await h().db.sql<{ status: string; attempts: number; message_ts: string | null; file_sent: boolean }>(
        'select status, attempts, message_ts, file_sent from delivery where subscription_id = $1',
        [id],
      )
    )[0];

  it.each([
    { when: 'before Slack took the post (the post hangs unanswered)', stall: { stall: true } as const, tag: 'C0HUNG' },
    {
      when: 'after Slack took the post (its answer never comes)',
      stall: { acceptThenStall: true } as const,
      tag: 'C0LOST',
    },
  ])(
    '$when: another worker process retries it and it is posted once',
    async ({ stall, tag }) => {
      const id = await subscribe(h(), tag);
      h().slack.inject('chat.postMessage', stall);
      const stalledBefore = h().slack.stalled.length;
      const first = await startWorkerProcess(h().config);
      processes.push(first);
      expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(1);
      // The kill lands while the post is open at Slack: the fake holds it, unanswered.
      await h().waitFor(() => h().slack.stalled.length > stalledBefore, 30_000);
      expect(await delivery(id)).toMatchObject({ status: 'pending', attempts: 1, message_ts: null });

      await first.kill9();
      // The dead worker's lock lapses (JOB_LOCK_SECONDS 2) while another worker process starts
      // (as compose would restart one); its stalled-job check takes the job over.
      const second = await startWorkerProcess(h().config);
      processes.push(second);
      await h().waitFor(async () => (await delivery(id))?.status === 'sent', 45_000);

      const posts = h().slack.deliveryPosts(tag);
      expect(posts).toHaveLength(1);
      expect(
        h()
          .slack.channels.get(tag)
          ?.filter((m) => m.files),
      ).toHaveLength(1);
      expect(await delivery(id)).toEqual({ status: 'sent', attempts: 2, message_ts: posts[0]?.ts, file_sent: true });
      reportFaultRun(`worker killed ${'stall' in stall ? 'before' : 'after'} Slack took the post`, {
        killed: first.child.pid,
        retriedBy: second.child.pid,
        attempts: 2,
        posts: posts.length,
        postMessageCalls: h()
          .slack.api('chat.postMessage')
          .filter((c) => c.params.channel === tag).length,
      });
      await second.kill9();
    },
    90_000,
  );
});
