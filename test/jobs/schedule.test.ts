import type { Queue } from 'bullmq';
import { beforeAll, describe, expect, it } from 'vitest';
import { duties } from '../../jobs/schedule.js';
import type { Account } from '../../src/db/entities/index.js';
import { useJobsHarness } from '../helpers/jobs-harness.js';
import { createDefaultAccount } from '../helpers/test-database.js';

const AT = new Date('2026-11-28T12:07:30Z');

describe('the schedule', () => {
  const h = useJobsHarness(AT);
  let on: Account;
  let off: Account;

  beforeAll(async () => {
    on = await createDefaultAccount(h().db, 'alerts-on');
    off = await createDefaultAccount(h().db, 'alerts-off');
    await h().db.sql('update account set alerts_enabled = false where id = $1', [off.id]);
  });

  it('lists every periodic duty with its cadence', () => {
    expect(duties.map((d) => `${d.name}: ${d.cron}`)).toEqual([
      'weekly reports: * * * * *',
      'denial alerts: */15 * * * *',
      'expiry alerts: 5 * * * *',
      'session sweep: * * * * *',
    ]);
  });

  it('adds one job per account and slot, however many schedulers tick', async () => {
    const only = ['denial alerts', 'expiry alerts', 'session sweep'];
    const ticks = await Promise.all([
      h().tick(AT, only),
      h().tick(AT, only),
      h().tick(new Date('2026-11-28T12:14:59Z'), only),
    ]);
    expect(ticks[0]).toEqual({ 'denial alerts': 1, 'expiry alerts': 2, 'session sweep': 1 });
    const ids = async (queue: Pick<Queue, 'getJobs'>) =>
      (await queue.getJobs(['waiting', 'delayed', 'active', 'completed'])).map((j) => j.id).sort();
    expect(await ids(h().queues.denialAlerts)).toEqual([`denials:${on.id}:202611281200`]);
    expect(await ids(h().queues.expiryAlerts)).toEqual(
      [`expiry:${on.id}:202611281200`, `expiry:${off.id}:202611281200`].sort(),
    );
    // 12:07 and 12:14 are different minutes: one sweep job each.
    expect(await ids(h().queues.sessionSweep)).toEqual(['sweep:all:202611281207', 'sweep:all:202611281214']);
    const [denial] = await h().queues.denialAlerts.getJobs(['waiting']);
    expect(denial?.data).toEqual({ accountId: on.id, at: '2026-11-28T12:00:00.000Z' });
  });
});
