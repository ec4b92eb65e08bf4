import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { addLicense } from '../helpers/fixtures.js';
import { useJobsHarness } from '../helpers/jobs-harness.js';
import { createDefaultAccount } from '../helpers/test-database.js';

// Due at the current minute (the worker process runs on the real clock): any day works.
const DUE = new Date(Math.floor(Date.now() / 60_000) * 60_000);
const ROOT = join(import.meta.dirname, '../..');

describe('SIGTERM to `licbot worker` in the middle of a job', () => {
  const h = useJobsHarness(DUE);
  let account: Account;

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default', 'UTC');
    await addLicense(h().db, account, { product: 'ElumTools', type: 'MUL', seats: 3 });
  });

  it('exits within the grace period; the job is retried by another worker and posted once', async () => {
    const at = DUE.toISOString().slice(11, 16);
    const [sub] = await h().db.sql<{ id: number }>(
      `insert into subscription (account_id, platform, target, target_name, weekday, time_of_day, time_zone, created_by, created_at)
       values ($1, 'slack', 'C0SIGTERM', 'sigterm', $2, $3, 'UTC', 'USUB', $4) returning id`,
      [account.id, DUE.getUTCDay() || 7, at, new Date(DUE.getTime() - 7 * 86_400_000)],
    );
    const delivery = async () =>
      (
        await h().db.sql<{ status: string; attempts: number }>(
          'select status, attempts from delivery where subscription_id = $1',
          [sub!.id],
        )
      )[0];
    // The first attempt's post hangs (Slack never answers) when the SIGTERM comes.
    h().slack.inject('chat.postMessage', { stall: true });
    const worker = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'worker'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'warn',
        DATABASE_URL: h().config.DATABASE_URL,
        REDIS_URL: h().config.REDIS_URL,
        QUEUE_PREFIX: h().config.QUEUE_PREFIX,
        SLACK_BOT_TOKEN: 'xoxb-test-token',
        SLACK_API_URL: h().config.SLACK_API_URL,
        WORKER_SHUTDOWN_GRACE_SECONDS: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    worker.stdout.on('data', (c) => (log += c));
    worker.stderr.on('data', (c) => (log += c));
    const exited = new Promise<number | null>((resolve) => worker.once('exit', resolve));
    await h().waitFor(() => log.includes('LicBot worker running'), 20_000);
    expect((await h().tick(DUE, ['weekly reports']))['weekly reports']).toBe(1);
    // The fake records no stalled call: wait for the claim, then give the post time to leave.
    await h().waitFor(async () => (await delivery()) !== undefined);
    await new Promise((r) => setTimeout(r, 500));

    const signalled = Date.now();
    worker.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(log).toContain('jobs still running at shutdown: handed back to be retried');

    await h().startWorkers(['weekly-report']);
    await h().waitFor(async () => (await delivery())?.status === 'sent', 20_000);
    expect(h().slack.deliveryPosts('C0SIGTERM')).toHaveLength(1);
    expect((await delivery())?.attempts).toBe(2);
  }, 60_000);
});
