import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { accessEvent, heartbeat, sessionEnd, sessionStart } from '../helpers/api-events.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

// Issue 13: a reused sessionId or an event id reused for another event type used to be
// counted as duplicates (the new session lost without a word) or applied twice.

const CODE = 'CONFL-0001-SECRET-CODE';
const start = (sessionId: string, at: string, extra: Record<string, unknown> = {}) =>
  sessionStart(CODE, sessionId, at, extra);
const beat = heartbeat;
const end = sessionEnd;
const access = (id: string) => accessEvent(CODE, { id });

describe('POST /api/v1/events: conflicts, apart from duplicates', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  const post = (events: unknown[]) => api().send('POST', '/api/v1/events', key, { events });
  const sessions = (sessionId: string) =>
    db().sql(
      `select machine, started_at, last_heartbeat_at, ended_at from session
        where account_id = $1 and client_session_id = $2`,
      [acme.id, sessionId],
    );
  const accessCount = async () =>
    (await db().sql<{ n: number }>('select count(*)::int as n from access_event where account_id = $1', [acme.id]))[0]!
      .n;

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    key = await accountWithLicenses(db(), acme, [
      { product: 'AGi32', type: 'SUL', seats: 1, activationsAllowed: 5, expiresAt: '2027-01-31', activationCode: CODE },
    ]);
  });

  it('reports a new session reusing an ended session id as conflicts, stores nothing of it, and again on resend', async () => {
    const first = [start('ws01-4711', '2026-03-02T08:00:00Z'), end('ws01-4711', '2026-03-02T08:15:00Z')];
    expect((await post(first)).body).toEqual({ accepted: 2, duplicates: 0 });
    const reuse = [
      start('ws01-4711', '2026-03-03T09:00:00Z', { machine: 'WS-02' }),
      beat('ws01-4711', '2026-03-03T09:05:00Z'),
      end('ws01-4711', '2026-03-03T09:30:00Z'),
    ];
    const expected = {
      accepted: 0,
      duplicates: 0,
      conflicts: [
        {
          index: 0,
          field: 'sessionId',
          message:
            '"ws01-4711" is the id of another session of this account (started 2026-03-02T08:00:00.000Z), so this ' +
            'one was not stored: a session id must be unique per account for all time, e.g. a new UUID for every session',
        },
        {
          index: 1,
          field: 'sessionId',
          message: 'belongs to the session started by events[0], which was not stored (see its conflict)',
        },
        {
          index: 2,
          field: 'sessionId',
          message: 'belongs to the session started by events[0], which was not stored (see its conflict)',
        },
      ],
    };
    expect((await post(reuse)).body).toEqual(expected);
    // Sent again, the same answer: a conflict is never turned into a duplicate.
    expect((await post(reuse)).body).toEqual(expected);
    expect(await sessions('ws01-4711')).toEqual([
      {
        machine: 'WS-01',
        started_at: new Date('2026-03-02T08:00:00Z'),
        last_heartbeat_at: new Date('2026-03-02T08:15:00Z'),
        ended_at: new Date('2026-03-02T08:15:00Z'),
      },
    ]);
    // The very same batch sent again is all duplicates, as before.
    expect((await post(first)).body).toEqual({ accepted: 0, duplicates: 2 });
  });

  it('keeps the rest of a request with a conflict: other events are stored and counted', async () => {
    const open = start('open-1', '2026-03-04T08:00:00Z');
    expect((await post([open])).body).toEqual({ accepted: 1, duplicates: 0 });
    const batch = [
      beat('open-1', '2026-03-04T08:10:00Z'), // the stored session, before the conflicting start
      start('open-1', '2026-03-04T09:00:00Z', { user: 'bo@example.com' }),
      beat('open-1', '2026-03-04T09:10:00Z'), // the new one: not applied to the stored session
      start('fresh-1', '2026-03-04T09:00:00Z'),
      access(randomUUID()),
    ];
    const answer = await post(batch);
    expect(answer.body).toMatchObject({ accepted: 3, duplicates: 0 });
    expect(answer.body.conflicts.map((c: { index: number }) => c.index)).toEqual([1, 2]);
    expect(await sessions('open-1')).toEqual([
      {
        machine: 'WS-01',
        started_at: new Date('2026-03-04T08:00:00Z'),
        last_heartbeat_at: new Date('2026-03-04T08:10:00Z'),
        ended_at: null,
      },
    ]);
    expect(await sessions('fresh-1')).toHaveLength(1);
  });

  it('skips an event id already used by an access event when it comes as a session_start, as a conflict', async () => {
    const id = randomUUID();
    expect((await post([access(id)])).body).toEqual({ accepted: 1, duplicates: 0 });
    const answer = await post([{ ...start('reused-id', '2026-03-05T08:00:00Z'), id }]);
    expect(answer.body).toEqual({
      accepted: 0,
      duplicates: 0,
      conflicts: [
        {
          index: 0,
          field: 'id',
          message:
            'is already the id of an event received before (access), so this event was not stored: give every event its own id (a new UUID)',
        },
      ],
    });
    expect(await sessions('reused-id')).toEqual([]);
  });

  it('skips an access event whose id a session event already used, and an id used twice in one request', async () => {
    const sessionStart = start('by-id', '2026-03-06T08:00:00Z');
    expect((await post([sessionStart])).body).toEqual({ accepted: 1, duplicates: 0 });
    const before = await accessCount();
    const answer = await post([access(sessionStart.id)]);
    expect(answer.body.conflicts).toEqual([
      {
        index: 0,
        field: 'id',
        message:
          'is already the id of an event received before (session_start), so this event was not stored: give every event its own id (a new UUID)',
      },
    ]);
    expect(answer.body).toMatchObject({ accepted: 0, duplicates: 0 });
    const shared = randomUUID();
    const mixed = await post([access(shared), { ...start('same-id', '2026-03-06T09:00:00Z'), id: shared }]);
    expect(mixed.body).toEqual({
      accepted: 1,
      duplicates: 0,
      conflicts: [
        {
          index: 1,
          field: 'id',
          message:
            'is already the id of events[0] of this request (access), so this event was not stored: give every event its own id (a new UUID)',
        },
      ],
    });
    expect(await accessCount()).toBe(before + 1);
    expect(await sessions('same-id')).toEqual([]);
    // Same type, same id: a duplicate, as before.
    expect((await post([access(shared)])).body).toEqual({ accepted: 0, duplicates: 1 });
  });

  it('counts a concurrent replay of a batch with sessions once', async () => {
    const batch = [
      start('race-1', '2026-03-07T08:00:00Z'),
      end('race-1', '2026-03-07T09:00:00Z'),
      access(randomUUID()),
    ];
    const answers = await Promise.all([post(batch), post(batch), post(batch)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.reduce((n, a) => n + a.body.accepted, 0)).toBe(3);
    expect(answers.reduce((n, a) => n + a.body.duplicates, 0)).toBe(6);
    expect(answers.some((a) => a.body.conflicts)).toBe(false);
    expect(await sessions('race-1')).toHaveLength(1);
  });
});
