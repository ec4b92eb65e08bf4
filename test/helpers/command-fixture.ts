import type { Account } from '../../src/db/entities/index.js';
import { addActivation, addEvents, addLicense, addSession, eventsOf } from './fixtures.js';
import type { TestDatabase } from './test-database.js';

/** The columns of the license stats table, as every platform shows them (docs/numbers.md). */
export const LICSTATS_COLUMNS = [
  'Product',
  'Seats by type',
  'Status',
  'Activations Used',
  'Available',
  'Full Access',
  'Limited Access',
  'Declined Access',
  'Takes',
  'Take Denied',
  'Checkouts',
];

/**
 * The fixture's license stats rows, worked out by hand: counters since reset, n/a for HWK,
 * expiry as of the fixture's clock.
 */
export const FIXTURE_LICSTATS_ROWS = [
  ['AGi32', '1 SUL', 'Expires 2026-12-10', '2', '0', '3', '2', '1', '2', '1', '0'],
  ['ElumTools', '3 MUL', 'Expires 2027-06-30', '2', '3', '4', '7', '6', '0', '0', '2'],
  ['Licaso', '1 HWK', 'Expires 2099-12-31', '0', '2', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a'],
];

/**
 * The hand-computed data set of the command tests (Slack, Teams, the reply syntax check), so
 * every platform is checked against the very same numbers.
 */
export async function seedCommandFixture(db: TestDatabase, account: Account): Promise<void> {
  const elum = await addLicense(db, account, {
    product: 'ElumTools',
    type: 'MUL',
    seats: 3,
    activationsAllowed: 5,
    expiresAt: '2027-06-30',
    code: 'ELUMA-1111-2222',
  });
  const agi = await addLicense(db, account, {
    product: 'AGi32',
    type: 'SUL',
    seats: 1,
    activationsAllowed: 2,
    expiresAt: '2026-12-10',
    code: 'AGIXX-3333-4444',
  });
  await addLicense(db, account, { product: 'Licaso', type: 'HWK', seats: 1, code: 'HWKEY-5555-6666' });
  // ElumTools (MUL): Full 4, Limited 1+6 = 7, Declined 6, Checkouts 2.
  await addEvents(db, account.id, elum, [
    ...eventsOf('full', 4, '2026-11-20T09:00:00Z'),
    ...eventsOf('limited', 1, '2026-11-20T10:00:00Z'),
    ...eventsOf('declined', 6, '2026-11-21T09:00:00Z'),
    ...eventsOf('checkout', 2, '2026-11-22T09:00:00Z'),
  ]);
  // AGi32 (SUL): Full 3, Limited 1+1 = 2, Declined 0+1 = 1, Takes 2, Take Denied 1.
  await addEvents(db, account.id, agi, [
    ...eventsOf('full', 3, '2026-11-20T09:00:00Z'),
    ...eventsOf('take', 2, '2026-11-20T11:00:00Z'),
    ...eventsOf('take_denied', 1, '2026-11-20T12:00:00Z'),
    ...eventsOf('limited', 1, '2026-11-20T13:00:00Z'),
  ]);
  await addActivation(db, account.id, elum, { user: 'ana@example.com', at: '2026-10-01T08:00:00Z' });
  await addActivation(db, account.id, elum, { user: 'bo@example.com', at: '2026-10-01T08:00:00Z', machine: 'PC-2' });
  await addActivation(db, account.id, elum, {
    user: 'cy@example.com',
    at: '2026-10-01T08:00:00Z',
    deactivatedAt: '2026-10-05T08:00:00Z',
  });
  await addActivation(db, account.id, agi, { user: 'ana@example.com', at: '2026-10-01T08:00:00Z' });
  await addActivation(db, account.id, agi, { user: 'bo@example.com', at: '2026-10-01T08:00:00Z' });
  // Sessions: ana 2 ElumTools (1 h + 30 min), 1 still active (started 11:00 → 1 h by noon); bo 1 AGi32 (25 h).
  await addSession(db, account.id, elum, {
    user: 'ana@example.com',
    start: '2026-11-25T09:00:00Z',
    end: '2026-11-25T10:00:00Z',
    version: '2025.1',
  });
  await addSession(db, account.id, elum, {
    user: 'ana@example.com',
    start: '2026-11-26T09:00:00Z',
    end: '2026-11-26T09:30:00Z',
    version: '2025.1',
  });
  await addSession(db, account.id, elum, {
    user: 'ana@example.com',
    start: '2026-11-28T11:00:00Z',
    version: '2025.1',
    machine: 'PC-9',
  });
  await addSession(db, account.id, agi, {
    user: 'bo@example.com',
    start: '2026-11-20T08:00:00Z',
    end: '2026-11-21T09:00:00Z',
    version: '24.3',
  });
}
