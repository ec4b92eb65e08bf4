import type { Account } from '../../src/db/entities/index.js';
import { addEvents, addLicense, addSession, eventsOf, type TestLicense } from './fixtures.js';
import type { TestDatabase } from './test-database.js';

/**
 * The hand-computed pool of the /licstats usage tests: ElumTools MUL ELUMA… with 3 seats.
 * Nov 25 09:00–11:00 three sessions, one of them until 13:00: peak 3; demand 3·2 + 2 = 8
 * seat-hours, 2 seats serve 4 + 2 = 6 (75%): 95% needs 3. Two denials at 10:00 that day.
 */
export async function seedUsageFixture(db: TestDatabase, account: Account): Promise<TestLicense> {
  const pool = await addLicense(db, account, {
    product: 'ElumTools',
    type: 'MUL',
    seats: 3,
    code: 'ELUMA-1111-2222-3333',
  });
  for (const end of ['11:00', '11:00', '13:00'])
    await addSession(db, account.id, pool, {
      user: `u${end}@x.com`,
      start: '2026-11-25T09:00:00Z',
      end: `2026-11-25T${end}:00Z`,
    });
  await addEvents(db, account.id, pool, eventsOf('declined', 2, '2026-11-25T10:00:00Z'));
  return pool;
}
