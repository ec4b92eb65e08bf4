import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const SUL = 'SULAG-0001-SECRET-CODE';
const MUL = 'MULTB-0002-SECRET-CODE';
const HWK = 'HWKEL-0003-SECRET-CODE';
const GLOBEX_ONLY = 'GLOBX-0004-SECRET-CODE';
const CODES = { SUL, MUL, HWK } as const;
const PRODUCT_OF = { SUL: 'AGi32', MUL: 'Toolbox', HWK: 'ElumTools' } as const;
const license = (product: string, type: 'SUL' | 'MUL' | 'HWK', activationCode: string) => ({
  product,
  type,
  seats: 3,
  activationsAllowed: 5,
  expiresAt: '2027-06-30',
  activationCode,
});

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const access = (type: keyof typeof CODES, mode: string, extra: Record<string, unknown> = {}) => ({
  type: 'access',
  id: randomUUID(),
  product: PRODUCT_OF[type],
  activationCode: CODES[type],
  user: 'ana@example.com',
  machine: 'WS-01',
  version: '2.1.0',
  at: minutesAgo(10),
  mode,
  ...extra,
});

describe('POST /api/v1/events: access events', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  let globexKey: string;
  const post = (events: unknown[], k: string | undefined = key) => api().send('POST', '/api/v1/events', k, { events });
  const count = async (accountId = acme.id) =>
    Number((await db().sql('select count(*) from access_event where account_id = $1', [accountId]))[0]?.count);

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    key = await accountWithLicenses(db(), acme, [
      license('AGi32', 'SUL', SUL),
      license('toolbox', 'MUL', MUL),
      license('ElumTools', 'HWK', HWK),
    ]);
    const globex = await createDefaultAccount(db(), 'globex');
    globexKey = await accountWithLicenses(db(), globex, [license('AGi32', 'MUL', GLOBEX_ONLY)]);
  });

  it('stores access events with their instant in UTC and answers accepted/duplicates', async () => {
    const events = [
      access('SUL', 'full', { at: '2026-01-15T10:30:00+01:00', user: ' Ana@Example.COM ' }),
      access('MUL', 'checkout', { product: 'TOOLBOX' }),
      access('SUL', 'take_denied'),
    ];
    const answer = await post(events);
    expect(answer).toMatchObject({ status: 200, body: { accepted: 3, duplicates: 0 } });
    const [row] = await db().sql(
      `select a.mode, a.user_email, a.machine, a.version, a.occurred_at, l.ac_prefix from access_event a
         join license l on l.id = a.license_id where a.event_id = $1`,
      [events[0]!.id],
    );
    expect(row).toEqual({
      mode: 'full',
      user_email: 'ana@example.com',
      machine: 'WS-01',
      version: '2.1.0',
      occurred_at: new Date('2026-01-15T09:30:00Z'),
      ac_prefix: 'SULAG',
    });
  });

  it('skips a replayed batch and repeated ids: nothing counts twice', async () => {
    const events = [access('SUL', 'full'), access('MUL', 'declined')];
    expect((await post(events)).body).toEqual({ accepted: 2, duplicates: 0 });
    const before = await count();
    expect((await post(events)).body).toEqual({ accepted: 0, duplicates: 2 });
    const upper = { ...events[0]!, id: events[0]!.id.toUpperCase() };
    const fresh = access('SUL', 'limited');
    expect((await post([fresh, fresh, upper])).body).toEqual({ accepted: 1, duplicates: 2 });
    expect(await count()).toBe(before + 1);
  });

  it('never double counts two concurrent identical batches of 500', async () => {
    const before = await count();
    const events = Array.from({ length: 500 }, (_, i) => access(i % 2 ? 'MUL' : 'SUL', 'full'));
    const answers = await Promise.all([post(events), post(events)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]!.body.accepted + answers[1]!.body.accepted).toBe(500);
    expect(answers[0]!.body.duplicates + answers[1]!.body.duplicates).toBe(500);
    expect(await count()).toBe(before + 500);
  });

  it('refuses a batch of 999 good events and 1 bad one, names the bad one and stores nothing', async () => {
    const before = await count();
    const events = Array.from({ length: 1000 }, () => access('SUL', 'full'));
    events[613] = access('SUL', 'checkout');
    const answer = await post(events);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        index: 613,
        field: 'mode',
        message: '"checkout" does not apply to a SUL license (allowed: full, limited, declined, take, take_denied)',
      },
    ]);
    expect(await count()).toBe(before);
  });

  it('accepts exactly the modes each license type allows (docs/numbers.md), for all 18 combinations', async () => {
    // Written out by hand from the table in docs/numbers.md rather than derived from the code under test.
    const allowed: Record<keyof typeof CODES, string[]> = {
      SUL: ['full', 'limited', 'declined', 'take', 'take_denied'],
      MUL: ['full', 'limited', 'declined', 'checkout'],
      HWK: [],
    };
    const modes = ['full', 'limited', 'declined', 'take', 'take_denied', 'checkout'];
    const combos = (['SUL', 'MUL', 'HWK'] as const).flatMap((type) => modes.map((mode) => ({ type, mode })));
    const events = combos.map(({ type, mode }) => access(type, mode));
    const answer = await post(events);
    expect(answer.status).toBe(400);
    const bad = combos.flatMap((c, index) => (allowed[c.type].includes(c.mode) ? [] : [index]));
    expect(bad).toHaveLength(9);
    expect(answer.body.errors.map((e: { index: number }) => e.index)).toEqual(bad);
    for (const error of answer.body.errors) {
      const { type } = combos[error.index]!;
      if (type === 'HWK')
        expect(error).toMatchObject({ field: 'activationCode', message: expect.stringMatching(/HWK/) });
      else expect(error).toMatchObject({ field: 'mode', message: expect.stringContaining(`to a ${type} license`) });
    }
    const good = events.filter((_, index) => !bad.includes(index));
    expect((await post(good)).body).toEqual({ accepted: 9, duplicates: 0 });
  });

  it('lists every problem of every bad event, with the field to fix', async () => {
    const events: unknown[] = [
      access('SUL', 'full'),
      { ...access('SUL', 'full'), id: 'not-a-uuid', user: 'nobody' },
      { ...access('SUL', 'full'), at: '2026-01-15T10:30:00' },
      { ...access('SUL', 'borrow') },
      { ...access('SUL', 'full'), product: 'Photoshop' },
      { ...access('SUL', 'full'), activationCode: 'ZZZZZ-UNKNOWN-CODE' },
      { ...access('SUL', 'full'), product: 'Toolbox' },
      { ...access('SUL', 'full'), at: new Date(Date.now() + 7 * 60_000).toISOString() },
      { ...access('SUL', 'full'), at: new Date(Date.now() + 4 * 60_000).toISOString() },
      { type: 'purchase', id: randomUUID() },
      'full',
      { ...access('SUL', 'full'), machine: undefined, version: 7 },
    ];
    const answer = await post(events);
    expect(answer.status).toBe(400);
    const byIndex = (i: number) => answer.body.errors.filter((e: { index: number }) => e.index === i);
    expect(answer.body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([
      [1, 'id'],
      [1, 'user'],
      [2, 'at'],
      [3, 'mode'],
      [4, 'product'],
      [5, 'activationCode'],
      [6, 'activationCode'],
      [7, 'at'],
      [9, 'type'],
      [10, null],
      [11, 'machine'],
      [11, 'version'],
    ]);
    expect(byIndex(1)[1].message).toBe('must be an email address, e.g. ana@example.com');
    expect(byIndex(2)[0].message).toMatch(/ISO 8601 date-time with an offset/);
    expect(byIndex(4)[0].message).toBe(
      'unknown product "Photoshop"; known products: AGi32, Toolbox, Photometric Power Tools, ElumTools, Licaso',
    );
    expect(byIndex(5)[0].message).toBe(
      'unknown activation code ZZZZZ…: register the license first (PUT /api/v1/licenses)',
    );
    expect(byIndex(6)[0].message).toBe('SULAG… is a license of AGi32, not Toolbox');
    expect(byIndex(7)[0].message).toMatch(/^is 7 minutes in the future \(server time .*Z\): check the clock$/);
    expect(byIndex(11)[0].message).toBe('is required');
    expect(byIndex(11)[1].message).toBe('must be a string');
    expect(JSON.stringify(answer.body)).not.toContain('UNKNOWN-CODE');
  });

  it('answers 401 alike for a missing, malformed, unknown and revoked key', async () => {
    const revoked = await accountWithLicenses(db(), acme, []);
    const [row] = await db().sql<{ id: number }>('select max(id) as id from api_key');
    await db().sql('update api_key set revoked_at = now() where id = $1', [row!.id]);
    const answers = await Promise.all([
      api().send('POST', '/api/v1/events', undefined, { events: [access('SUL', 'full')] }),
      api().send('POST', '/api/v1/events', undefined, { events: [] }, { authorization: `Basic ${key}` }),
      post([access('SUL', 'full')], `${key}x`),
      post([access('SUL', 'full')], revoked),
    ]);
    expect(answers.map((a) => a.status)).toEqual([401, 401, 401, 401]);
    for (const answer of answers) {
      expect(answer.headers.get('www-authenticate')).toBe('Bearer realm="licbot"');
      expect(answer.body).toEqual(answers[0]!.body);
    }
    expect(answers[0]!.body.errors[0].message).toMatch(/Authorization: Bearer <api key>/);
  });

  it("keeps accounts apart: one account's key can neither see nor use another's licenses", async () => {
    const theirs = { ...access('SUL', 'full'), activationCode: GLOBEX_ONLY };
    const refused = await post([theirs]);
    expect(refused.body.errors).toEqual([
      {
        index: 0,
        field: 'activationCode',
        message: 'unknown activation code GLOBX…: register the license first (PUT /api/v1/licenses)',
      },
    ]);
    // The same AC with globex's key works, and so does reusing an event id of acme there.
    const [acmeEvent] = await db().sql<{ event_id: string }>('select event_id from access_event limit 1');
    const globexEvent = { ...theirs, id: acmeEvent!.event_id };
    expect((await post([globexEvent], globexKey)).body).toEqual({ accepted: 1, duplicates: 0 });
    // acme's key cannot reach globex's license with acme's code either.
    expect((await post([{ ...access('SUL', 'full'), activationCode: GLOBEX_ONLY }])).status).toBe(400);
    const rows = await db().sql('select distinct account_id, license_id from access_event where event_id = $1', [
      acmeEvent!.event_id,
    ]);
    expect(rows).toHaveLength(2);
  });

  it('answers 413 over 1,000 events or 1 MiB, 415 for a body that is not JSON, 400 for broken JSON', async () => {
    const tooMany = await post(Array.from({ length: 1001 }, () => access('SUL', 'full')));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.errors[0].message).toBe(
      'At most 1000 events per request; this one has 1001. Split it into smaller batches.',
    );
    const huge = JSON.stringify({ events: [access('SUL', 'full', { machine: 'x'.repeat(1024 * 1024) })] });
    const tooBig = await api().send('POST', '/api/v1/events', key, huge);
    expect(tooBig.status).toBe(413);
    const text = await api().send('POST', '/api/v1/events', key, 'events=1', { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const broken = await api().send('POST', '/api/v1/events', key, '{"events": [');
    expect(broken).toMatchObject({ status: 400, body: { errors: [{ field: 'body' }] } });
    const notAList = await api().send('POST', '/api/v1/events', key, { event: [] });
    expect(notAList.body.errors[0]).toMatchObject({ index: null, field: 'events' });
    expect((await post([])).body).toEqual({ accepted: 0, duplicates: 0 });
  });
});

describe('POST /api/v1/events: rate limit per API key', () => {
  const db = useTestDatabase();
  const api = useApiServer(db, { API_RATE_LIMIT_PER_MINUTE: 3 });

  it('answers 429 with Retry-After once a key exceeds its requests per minute; other keys go on', async () => {
    const account = await createDefaultAccount(db(), 'acme');
    const key = await accountWithLicenses(db(), account, []);
    const other = await accountWithLicenses(db(), account, []);
    // The window is the clock minute: do not start right before it turns.
    const second = new Date().getSeconds();
    if (second >= 57) await new Promise((resolve) => setTimeout(resolve, (61 - second) * 1000));
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await api().send('POST', '/api/v1/events', key, { events: [] })).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await api().send('POST', '/api/v1/events', key, { events: [] });
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(limited.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(limited.body.errors[0].message).toMatch(/^More than 3 requests this minute with this API key/);
    expect((await api().send('POST', '/api/v1/events', other, { events: [] })).status).toBe(200);
  });
});
