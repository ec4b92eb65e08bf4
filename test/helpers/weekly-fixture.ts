import type { Account } from '../../src/db/entities/index.js';
import { addLicense, addSession } from './fixtures.js';
import type { JobsHarness } from './jobs-harness.js';
import { createDefaultAccount } from './test-database.js';

/** Monday 2026-11-30, 09:00 in Berlin: a Monday 09:00 post then covers 23–29 November. */
export const WEEKLY_DUE = new Date('2026-11-30T08:00:00Z');

/** The `default` account (Europe/Berlin) with one ElumTools MUL license and a 2-hour session in that week. */
export async function accountWithAWeek(h: Pick<JobsHarness, 'db'>): Promise<Account> {
  const account = await createDefaultAccount(h.db, 'default', 'Europe/Berlin');
  const lic = await addLicense(h.db, account, { product: 'ElumTools', type: 'MUL', seats: 3 });
  await addSession(h.db, account.id, lic, {
    user: 'ana@example.com',
    start: '2026-11-24T08:00:00Z',
    end: '2026-11-24T10:00:00Z',
  });
  return account;
}

/** Monday 09:00 Berlin subscriptions of `account` to each channel (named after it in lower case); their ids by channel. */
export async function subscribeMondays(
  h: Pick<JobsHarness, 'db'>,
  account: Account,
  channels: readonly string[],
): Promise<Map<string, number>> {
  const rows = await h.db.sql<{ id: number; target: string }>(
    `insert into subscription (account_id, platform, target, target_name, weekday, time_of_day, time_zone, created_by, created_at)
     select $1, 'slack', c, lower(c), 1, '09:00', 'Europe/Berlin', 'USUBSCRIBER', '2026-11-25T00:00:00Z'
       from unnest($2::text[]) c returning id, target`,
    [account.id, channels],
  );
  return new Map(rows.map((r) => [r.target, r.id]));
}
