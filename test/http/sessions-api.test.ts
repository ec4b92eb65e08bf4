import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { closeStaleSessions } from '../../src/ingest/session-sweep.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const CODE = 'SESSN-0001-SECRET-CODE';
const HWK = 'HWKEY-0002-SECRET-CODE';
const start = (sessionId: string, at: string, extra: Record<string, unknown> = {}) => ({
  type: 'session_start',
  id: randomUUID(),
  sessionId,
  product: 'AGi32',
  activationCode: CODE,
  user: 'ana@example.com',
  machine: 'WS-01',
  version: '2.1.0',
  at,
  ...extra,
});
const beat = (sessionId: string, at: string) => ({ type: 'session_heartbeat', id: randomUUID(), sessionId, at });
const end = (sessionId: string, at: string) => ({ type: 'session_end', id: randomUUID(), sessionId, at });

describe('POST /api/v1/events: sessions', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  const post = (events: unknown[]) => api().send('POST', '/api/v1/events', key, { events });
  const session = async (id: string) =>
    (
      await db().sql(
        `select s.user_email, s.machine, s.version, s.started_at, s.last_heartbeat_at, s.ended_at, p.name as product
           from session s join product p on p.id = s.product_id where client_session_id = $1`,
        [id],
      )
    )[0];

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    key = await accountWithLicenses(db(), acme, [
      { product: 'AGi32', type: 'MUL', seats: 2, activationsAllowed: 4, expiresAt: '2027-01-31', activationCode: CODE },
      { product: 'AGi32', type: 'HWK', seats: 1, activationsAllowed: 1, expiresAt: '2027-01-31', activationCode: HWK },
    ]);
  });

  it('opens, moves and closes a session sent in one batch, in batch order', async () => {
    const events = [
      start('s-1', '2026-03-02T08:00:00Z'),
      beat('s-1', '2026-03-02T08:05:00Z'),
      beat('s-1', '2026-03-02T08:03:00Z'), // late, out of order: never moves the heartbeat back
      end('s-1', '2026-03-02T09:15:30+01:00'),
    ];
    expect((await post(events)).body).toEqual({ accepted: 4, duplicates: 0 });
    expect(await session('s-1')).toEqual({
      user_email: 'ana@example.com',
      machine: 'WS-01',
      version: '2.1.0',
      started_at: new Date('2026-03-02T08:00:00Z'),
      last_heartbeat_at: new Date('2026-03-02T08:15:30Z'),
      ended_at: new Date('2026-03-02T08:15:30Z'),
      product: 'AGi32',
    });
    expect((await post(events)).body).toEqual({ accepted: 0, duplicates: 4 });
  });

  it('counts a repeated start (same session, new event id) and an end of a closed session as duplicates', async () => {
    expect((await post([start('s-2', '2026-03-02T10:00:00Z')])).body).toEqual({ accepted: 1, duplicates: 0 });
    const again = [
      start('s-2', '2026-03-02T11:00:00+01:00'), // the same instant, written another way
      end('s-2', '2026-03-02T11:00:00Z'),
      end('s-2', '2026-03-02T12:00:00Z'),
      beat('s-2', '2026-03-02T12:30:00Z'),
    ];
    expect((await post(again)).body).toEqual({ accepted: 1, duplicates: 3 });
    expect(await session('s-2')).toMatchObject({
      machine: 'WS-01',
      started_at: new Date('2026-03-02T10:00:00Z'),
      ended_at: new Date('2026-03-02T11:00:00Z'),
    });
  });

  it('refuses a heartbeat or end of an unknown session and an end before the start, storing nothing', async () => {
    const events = [
      start('s-3', '2026-03-03T08:00:00Z'),
      beat('never-started', '2026-03-03T08:10:00Z'),
      end('s-3', '2026-03-03T07:59:59Z'),
      end('also-unknown', '2026-03-03T09:00:00Z'),
    ];
    const answer = await post(events);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        index: 1,
        field: 'sessionId',
        message: 'unknown sessionId "never-started": send its session_start first (in this batch or an earlier one)',
      },
      { index: 2, field: 'at', message: 'is before the session started (2026-03-03T08:00:00.000Z)' },
      {
        index: 3,
        field: 'sessionId',
        message: 'unknown sessionId "also-unknown": send its session_start first (in this batch or an earlier one)',
      },
    ]);
    // The valid start in the same request was rolled back too, and so were the event receipts.
    expect(await session('s-3')).toBeUndefined();
    // An access event sharing the request with a refused session event is not stored either.
    const accessEvent = {
      type: 'access',
      id: randomUUID(),
      product: 'AGi32',
      activationCode: CODE,
      user: 'ana@example.com',
      machine: 'WS-01',
      version: '2.1.0',
      at: '2026-03-03T08:00:00Z',
      mode: 'full',
    };
    expect((await post([accessEvent, beat('never-started', '2026-03-03T08:10:00Z')])).status).toBe(400);
    expect(await db().sql('select 1 from access_event where event_id = $1', [accessEvent.id])).toEqual([]);
    expect((await post([events[0]])).body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it('leaves HWK licenses out of session history: their sessions are refused', async () => {
    const answer = await post([start('s-hwk', '2026-03-03T08:00:00Z', { activationCode: HWK })]);
    expect(answer.body.errors).toEqual([
      {
        index: 0,
        field: 'activationCode',
        message: 'HWKEY… is a hardware-key (HWK) license: HWK licenses report no usage data',
      },
    ]);
  });
});

describe('closeStaleSessions', () => {
  const db = useTestDatabase();

  it('closes open sessions silent for longer than the timeout at their last heartbeat', async () => {
    const acme = await createDefaultAccount(db(), 'acme');
    const globex = await createDefaultAccount(db(), 'globex');
    await accountWithLicenses(db(), acme, [
      { product: 'AGi32', type: 'SUL', seats: 1, activationsAllowed: 1, expiresAt: '2027-01-31', activationCode: CODE },
    ]);
    await accountWithLicenses(db(), globex, [
      { product: 'AGi32', type: 'SUL', seats: 1, activationsAllowed: 1, expiresAt: '2027-01-31', activationCode: CODE },
    ]);
    const now = new Date('2026-05-01T12:00:00Z');
    const rows: [number, string, string, string | null][] = [
      [acme.id, 'stale', '2026-05-01T11:29:00Z', null], // 31 min silent: closed
      [acme.id, 'exactly', '2026-05-01T11:30:00Z', null], // 30 min: not longer than the timeout
      [acme.id, 'fresh', '2026-05-01T11:45:00Z', null],
      [acme.id, 'ended', '2026-05-01T09:00:00Z', '2026-05-01T09:10:00Z'],
      [globex.id, 'other-account', '2026-05-01T10:00:00Z', null],
    ];
    for (const [accountId, id, heartbeat, ended] of rows) {
      await db().sql(
        `insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version,
                              started_at, last_heartbeat_at, ended_at)
         select $1, $2, l.id, l.product_id, 'ana@example.com', 'WS', '1', '2026-05-01T08:00:00Z', $3, $4
           from license l where l.account_id = $1`,
        [accountId, id, heartbeat, ended],
      );
    }
    expect(await closeStaleSessions(db().em(), acme.id, 30, now)).toBe(1);
    const ended = async () =>
      Object.fromEntries(
        (await db().sql('select client_session_id, ended_at from session order by 1')).map((r) => [
          r.client_session_id,
          r.ended_at?.toISOString() ?? null,
        ]),
      );
    expect(await ended()).toEqual({
      stale: '2026-05-01T11:29:00.000Z',
      exactly: null,
      fresh: null,
      ended: '2026-05-01T09:10:00.000Z',
      'other-account': null,
    });
    expect(await closeStaleSessions(db().em(), acme.id, 30, now)).toBe(0);
    expect(await closeStaleSessions(db().em(), 'all', 30, now)).toBe(1);
    expect((await ended())['other-account']).toBe('2026-05-01T10:00:00.000Z');
  });
});
