import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { accessBatch, FAULT_LICENSE, sessionBatch } from '../helpers/event-batches.js';
import { holdLock, type LockMode } from '../helpers/table-lock.js';
import { createDefaultAccount, type TestDatabase, useTestDatabase } from '../helpers/test-database.js';

/** Ends the backend of this file's database that waits on a lock (the request's); returns its pid. */
async function terminateWaitingBackend(db: TestDatabase): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const [row] = await db.sql<{ pid: number; ended: boolean }>(
      `select pid, pg_terminate_backend(pid) as ended from pg_stat_activity
        where datname = $1 and wait_event_type = 'Lock' and pid <> pg_backend_pid() limit 1`,
      [db.name],
    );
    if (row?.ended) return row.pid;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('the request never waited on the lock');
}

describe('event API: a PostgreSQL connection killed mid-request', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  const now = new Date();
  let accountId: number;
  let key: string;

  beforeAll(async () => {
    const account = await createDefaultAccount(db(), 'acme');
    accountId = account.id;
    key = await accountWithLicenses(db(), account, [FAULT_LICENSE]);
  });

  const count = async (table: string) =>
    Number(
      (
        await db().sql(`select count(*)::int as n from ${pg.escapeIdentifier(table)} where account_id = $1`, [
          accountId,
        ])
      )[0]?.n,
    );

  /** Posts `events` while `table` is locked and ends the request's backend as it waits. */
  async function postWhileBackendEnded(table: string, mode: LockMode, events: unknown[]) {
    const release = await holdLock(db(), table, mode);
    try {
      const sending = api().send('POST', '/api/v1/events', key, { events });
      await terminateWaitingBackend(db());
      return await sending;
    } finally {
      await release();
    }
  }

  it.each([
    { kind: 'access events (one statement)', table: 'access_event', batch: () => accessBatch(25, now) },
    { kind: 'a session (one transaction)', table: 'event_receipt', batch: () => sessionBatch('killed-1', now) },
  ])(
    '$kind: answers 503 with Retry-After, stores nothing, and the resent batch lands once',
    async ({ table, batch }) => {
      const events = batch();
      const before = { [table]: await count(table), session: await count('session') };
      const answer = await postWhileBackendEnded(table, 'exclusive', events);

      expect(answer.status).toBe(503);
      expect(answer.headers.get('retry-after')).toBe('5');
      expect(answer.body).toEqual({
        errors: [
          {
            index: null,
            field: null,
            message:
              'Temporarily unavailable: the database server ended the connection. Send the same request again in 5 s ' +
              '(safe: events are stored once by their id, licenses by their activation code).',
          },
        ],
      });
      expect(await count(table)).toBe(before[table]);
      expect(await count('session')).toBe(before.session);

      const resent = await api().send('POST', '/api/v1/events', key, { events });
      expect(resent).toMatchObject({ status: 200, body: { accepted: events.length, duplicates: 0 } });
      const again = await api().send('POST', '/api/v1/events', key, { events });
      expect(again).toMatchObject({ status: 200, body: { accepted: 0, duplicates: events.length } });
      const stored = table === 'access_event' ? events.length : 2; // a session's start and end are two receipts
      expect(await count(table)).toBe(before[table]! + stored);
      expect(await count('session')).toBe(before.session! + (table === 'event_receipt' ? 1 : 0));
    },
  );

  it('answers 503 when the API key lookup itself loses its connection', async () => {
    // Only ACCESS EXCLUSIVE makes a plain read wait.
    const answer = await postWhileBackendEnded('api_key', 'access exclusive', accessBatch(1, now));
    expect(answer.status).toBe(503);
    expect(answer.headers.get('retry-after')).toBe('5');
  });
});
