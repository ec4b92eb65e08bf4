import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { runLicbot } from '../helpers/cli.js';
import { addLicense, addSession } from '../helpers/fixtures.js';
import { useJobsHarness } from '../helpers/jobs-harness.js';
import { createDefaultAccount } from '../helpers/test-database.js';

const DUE = new Date('2026-11-30T08:00:00Z');

describe('licbot report weekly', () => {
  const h = useJobsHarness(DUE);
  let account: Account;
  let id: number;

  const cli = (...argv: string[]) =>
    runLicbot(['report', 'weekly', ...argv], {
      DATABASE_URL: h().config.DATABASE_URL,
      REDIS_URL: h().config.REDIS_URL,
      QUEUE_PREFIX: h().config.QUEUE_PREFIX,
    });

  beforeAll(async () => {
    account = await createDefaultAccount(h().db, 'default', 'Europe/Berlin');
    const lic = await addLicense(h().db, account, { product: 'AGi32', type: 'SUL' });
    await addSession(h().db, account.id, lic, {
      user: 'ana@example.com',
      start: '2026-11-24T08:00:00Z',
      end: '2026-11-24T09:00:00Z',
    });
    const [row] = await h().db.sql<{ id: number }>(
      `insert into subscription (account_id, platform, target, weekday, time_of_day, time_zone, created_by, paused)
       values ($1, 'slack', 'C0MANUAL', 1, '09:00', 'Europe/Berlin', 'UADMIN', true) returning id`,
      [account.id],
    );
    id = row!.id;
    await h().startWorkers(['weekly-report']);
  });

  it('posts once through the workers, even for a paused subscription, and says so', async () => {
    const first = await cli('--subscription', String(id), '--date', '2026-11-30');
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const ts = h().slack.deliveryPosts('C0MANUAL')[0]?.ts;
    expect(first.out).toBe(
      `posted the weekly report of subscription ${id} for 2026-11-30 in C0MANUAL (message ${ts}).\n`,
    );
    const again = await cli('--subscription', String(id), '--date', '2026-11-30');
    expect(again.code).toBe(0);
    expect(again.out).toBe(
      `already posted the weekly report of subscription ${id} for 2026-11-30 in C0MANUAL (message ${ts}); nothing was posted again.\n`,
    );
    expect(h().slack.deliveryPosts('C0MANUAL')).toHaveLength(1);
  });

  it('prints the failure and exits 1 when the post fails for good', async () => {
    h().slack.inject('chat.postMessage', { error: 'channel_not_found' });
    const failed = await cli('--subscription', String(id), '--date', '2026-11-23');
    expect(failed.code).toBe(1);
    expect(failed.err).toContain(
      `The weekly report of subscription ${id} for 2026-11-23 failed: channel_not_found: The channel no longer exists`,
    );
  });

  it('refuses a date that is not the subscription weekday, and an unknown subscription', async () => {
    const wednesday = await cli('--subscription', String(id), '--date', '2026-12-02');
    expect(wednesday.code).toBe(1);
    expect(wednesday.err).toContain(`2026-12-02 is a Wednesday; subscription ${id} posts on Mondays.`);
    const missing = await cli('--subscription', '9999');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('No subscription 9999. See licbot subscriptions list.\n');
    const bad = await cli('--subscription', 'abc');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain(
      '--subscription must be a whole number from 1 to 2,147,483,647 (got "abc"). It is the id shown by `licbot subscriptions list`.',
    );
  });
});
