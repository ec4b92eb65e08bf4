import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { accessEvent, sessionStart } from '../helpers/api-events.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

// Issue 13: inputs that validation let through and that then failed with a 500 (or were
// stored altered) are refused with a 400 naming the field; nothing of the request is stored.

const CODE = 'HARDN-0001-SECRET-CODE';
const access = (extra: Record<string, unknown> = {}) => accessEvent(CODE, extra);
const start = (sessionId: string, at: string, extra: Record<string, unknown> = {}) =>
  sessionStart(CODE, sessionId, at, extra);
const license = (extra: Record<string, unknown> = {}) => ({
  product: 'AGi32',
  type: 'SUL',
  seats: 1,
  activationsAllowed: 1,
  expiresAt: '2027-01-31',
  activationCode: 'NEWLC-0001-SECRET',
  ...extra,
});

describe('event and license API: inputs that used to fail with a 500 or be stored altered', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  const post = (events: unknown[]) => api().send('POST', '/api/v1/events', key, { events });
  const put = (licenses: unknown[]) => api().send('PUT', '/api/v1/licenses', key, { licenses });
  const stored = async () => {
    const [row] = await db().sql<{ events: number; sessions: number; receipts: number; licenses: number }>(
      `select (select count(*)::int from access_event where account_id = $1) as events,
              (select count(*)::int from session where account_id = $1) as sessions,
              (select count(*)::int from event_receipt where account_id = $1) as receipts,
              (select count(*)::int from license where account_id = $1) as licenses`,
      [acme.id],
    );
    return row;
  };
  const fields = (body: { errors: { index: number; field: string }[] }) => body.errors.map((e) => [e.index, e.field]);

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    key = await accountWithLicenses(db(), acme, [
      { product: 'AGi32', type: 'SUL', seats: 1, activationsAllowed: 5, expiresAt: '2027-01-31', activationCode: CODE },
    ]);
  });

  it('refuses offsets beyond -12:00..+14:00 and instants before 2000, naming `at` and what is accepted', async () => {
    const before = await stored();
    const bad = [
      '2026-03-02T08:00:00+16:00',
      '2026-03-02T08:00:00+23:59',
      '2026-03-02T08:00:00-23:59',
      '2026-03-02T08:00:00-12:30',
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00+14:00',
      '1999-12-31T23:59:59Z',
      '0050-06-01T00:00:00Z',
      '2026-03-02T08:00:00.1234567Z',
    ];
    const answer = await post(bad.map((at) => access({ at })));
    expect(answer.status).toBe(400);
    expect(answer.body.errors.map((e: { field: string }) => e.field)).toEqual(bad.map(() => 'at'));
    const messages = answer.body.errors.map((e: { message: string }) => e.message);
    expect(messages[0]).toBe(
      'has the offset +16:00: offsets must be between -12:00 and +14:00, as real time zones use',
    );
    expect(messages[2]).toBe(
      'has the offset -23:59: offsets must be between -12:00 and +14:00, as real time zones use',
    );
    expect(messages[4]).toBe(
      'is before 2000-01-01T00:00:00Z: send when it happened, from the year 2000 on (check the clock)',
    );
    // 0001-01-01 at +14:00 is 0000-12-31 in UTC: a year PostgreSQL stores as 1 BC.
    expect(messages[5]).toMatch(/^has the offset \+14:00|^is before 2000-01-01/);
    expect(messages[7]).toMatch(/^is before 2000-01-01/); // the year 50, not 1950
    expect(messages[8]).toBe('has 7 decimals of seconds: at most 6 (microseconds) are stored');
    expect(await stored()).toEqual(before);
  });

  it('refuses a session started in the year 1 and then ended with a 400, not a crash', async () => {
    const answer = await post([
      start('year-one', '0001-01-01T00:00:00+14:00'),
      { type: 'session_end', id: randomUUID(), sessionId: 'year-one', at: '0001-01-01T01:00:00+14:00' },
    ]);
    expect(answer.status).toBe(400);
    expect(fields(answer.body)).toEqual([
      [0, 'at'],
      [1, 'at'],
    ]);
    expect(await db().sql(`select 1 from session where client_session_id = 'year-one'`)).toEqual([]);
  });

  it('stores the edge offsets -12:00 and +14:00 and six decimals exactly', async () => {
    const events = [
      access({ at: '2026-03-02T08:00:00-12:00' }),
      access({ at: '2026-03-02T08:00:00+14:00' }),
      access({ at: '2026-03-02T08:00:00.123456+05:45' }),
    ];
    expect((await post(events)).body).toEqual({ accepted: 3, duplicates: 0 });
    const rows = await db().sql<{ at: string }>(
      `select to_char(occurred_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as at from access_event
        where event_id = any($1::uuid[]) order by occurred_at`,
      [events.map((e) => e.id)],
    );
    expect(rows.map((r) => r.at)).toEqual([
      '2026-03-01T18:00:00.000000', // +14:00
      '2026-03-02T02:15:00.123456', // +05:45
      '2026-03-02T20:00:00.000000', // -12:00
    ]);
  });

  it('refuses expiry dates before 2000 (year 0000, 0050, 1999) and stores 9999-12-31 as sent', async () => {
    const before = await stored();
    const answer = await put([
      license({ expiresAt: '0000-01-01', activationCode: 'EXPIR-0000-X' }),
      license({ expiresAt: '0050-01-01', activationCode: 'EXPIR-0050-X' }),
      license({ expiresAt: '1999-12-31', activationCode: 'EXPIR-1999-X' }),
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual(
      [0, 1, 2].map((index) => ({
        index,
        field: 'expiresAt',
        message: 'must be a date from 2000-01-01 to 9999-12-31',
      })),
    );
    expect(await stored()).toEqual(before);
    const far = license({ expiresAt: '9999-12-31', activationCode: 'FARFU-9999-X' });
    expect((await put([far, license({ expiresAt: '2000-01-01', activationCode: 'YEAR2-2000-X' })])).body).toEqual({
      created: 2,
      updated: 0,
    });
    expect(
      await db().sql(`select expires_at::text from license where ac_prefix in ('FARFU', 'YEAR2') order by expires_at`),
    ).toEqual([{ expires_at: '2000-01-01' }, { expires_at: '9999-12-31' }]);
  });

  it('refuses a lone UTF-16 surrogate or a NUL in every text field of every event type, naming it', async () => {
    const before = await stored();
    const lone = 'A\ud800B';
    const events = [
      access({ machine: lone }),
      access({ version: 'v\udc00' }),
      access({ product: lone }),
      access({ activationCode: `${CODE}\ud800` }),
      start(lone, '2026-03-02T08:00:00Z'),
      start('ok-session', '2026-03-02T08:00:00Z', { machine: lone, version: 'x\u0000' }),
      { type: 'session_heartbeat', id: randomUUID(), sessionId: `s\udbff`, at: '2026-03-02T08:00:00Z' },
      { type: 'session_end', id: randomUUID(), sessionId: 's\u0000', at: '2026-03-02T08:00:00Z' },
      { ...access({ machine: `M${lone}` }), type: 'activation', mode: undefined },
      { ...access({ user: `ana\ud800@example.com` }), type: 'deactivation', mode: undefined },
    ];
    const answer = await post(events);
    expect(answer.status).toBe(400);
    expect(fields(answer.body)).toEqual([
      [0, 'machine'],
      [1, 'version'],
      [2, 'product'],
      [3, 'activationCode'],
      [4, 'sessionId'],
      [5, 'machine'],
      [5, 'version'],
      [6, 'sessionId'],
      [7, 'sessionId'],
      [8, 'machine'],
      [9, 'user'],
    ]);
    const surrogate = 'must be valid Unicode: it contains a lone UTF-16 surrogate (\\ud800–\\udfff without its pair)';
    expect(answer.body.errors[0].message).toBe(surrogate);
    expect(answer.body.errors[6].message).toBe('must not contain NUL characters');
    expect(await stored()).toEqual(before);
  });

  it('refuses a lone surrogate or NUL in the license API, and stores emoji and RTL marks as sent', async () => {
    const answer = await put([
      license({ product: 'Lumen\ud83d' }),
      license({ activationCode: 'SURRO-\udfff-CODE' }),
      license({ product: 'Lu\u0000men', activationCode: 'NULLS-0001-CODE' }),
    ]);
    expect(answer.status).toBe(400);
    expect(fields(answer.body)).toEqual([
      [0, 'product'],
      [1, 'activationCode'],
      [2, 'product'],
    ]);
    const name = 'Lumen 💡 \u200fمصباح\u200b';
    expect((await put([license({ product: name, activationCode: 'EMOJI-0001-CODE' })])).body).toEqual({
      created: 1,
      updated: 0,
    });
    expect(
      await db().sql('select name from product where account_id = $1 and name like $2', [acme.id, 'Lumen%']),
    ).toEqual([{ name }]);
  });

  it('answers 400 for a body that is not what its Content-Encoding says, 415 for an unknown encoding', async () => {
    const before = await stored();
    const raw = (body: Buffer | string, headers: Record<string, string>, path = '/api/v1/events') =>
      fetch(api().url(path), {
        method: path.endsWith('events') ? 'POST' : 'PUT',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
        body: typeof body === 'string' ? body : new Uint8Array(body),
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    const json = JSON.stringify({ events: [access()] });
    const notGzip = await raw(json, { 'content-encoding': 'gzip' });
    expect(notGzip.status).toBe(400);
    expect(notGzip.body.errors).toEqual([
      {
        index: null,
        field: 'body',
        message:
          'The body could not be decompressed as its Content-Encoding header says: compress it that way, or send plain JSON without the header.',
      },
    ]);
    expect((await raw(gzipSync(json).subarray(0, 20), { 'content-encoding': 'gzip' })).status).toBe(400);
    expect((await raw('nope', { 'content-encoding': 'deflate' })).status).toBe(400);
    expect((await raw('nope', { 'content-encoding': 'br' })).status).toBe(400);
    expect((await raw('{"licenses": []}', { 'content-encoding': 'gzip' }, '/api/v1/licenses')).status).toBe(400);
    const compress = await raw(json, { 'content-encoding': 'compress' });
    expect(compress.status).toBe(415);
    expect(compress.body.errors[0].message).toBe(
      'Unsupported Content-Encoding: send plain JSON, or JSON compressed with gzip, deflate or br.',
    );
    // Bytes that are not UTF-8 would be read as U+FFFD: refused instead.
    const latin1 = Buffer.from(JSON.stringify({ events: [access({ machine: 'WS-é' })] }), 'latin1');
    const notUtf8 = await raw(latin1, {});
    expect(notUtf8).toEqual({
      status: 400,
      body: {
        errors: [
          { index: null, field: 'body', message: 'The body is not valid UTF-8: send the JSON encoded as UTF-8.' },
        ],
      },
    });
    expect(await stored()).toEqual(before);
    // Real gzip works.
    expect(await raw(gzipSync(json), { 'content-encoding': 'gzip' })).toEqual({
      status: 200,
      body: { accepted: 1, duplicates: 0 },
    });
  });
});
