import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const ACME_CODE = 'ACMEX-0001-SECRET-CODE';
const NOWHERE_CODE = 'NOWHR-0002-SECRET-CODE';
const AT = '2026-11-20T09:00:00Z';
const acmeLicense = {
  product: 'AGi32',
  type: 'SUL' as const,
  seats: 1,
  activationsAllowed: 2,
  expiresAt: '2027-06-30',
  activationCode: ACME_CODE,
};
const access = (activationCode: string) => ({
  type: 'access',
  id: randomUUID(),
  product: 'AGi32',
  activationCode,
  user: 'ana@example.com',
  machine: 'WS-01',
  version: '2.1.0',
  at: AT,
  mode: 'full',
});
const beat = (sessionId: string) => ({ type: 'session_heartbeat', id: randomUUID(), sessionId, at: AT });
const activation = (activationCode: string) => ({
  type: 'activation',
  id: randomUUID(),
  product: 'AGi32',
  activationCode,
  user: 'eve@example.com',
  machine: 'EVE-PC',
  at: AT,
});

describe("the event and license API with another account's codes and sessions", () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let acmeKey = '';
  let globexKey = '';
  const post = (key: string, events: unknown[]) => api().send('POST', '/api/v1/events', key, { events });
  /** acme's rows a globex key must not touch. */
  const acmeRows = () =>
    db().sql(
      `select (select count(*)::int from access_event where account_id = $1) as events,
              (select count(*)::int from activation where account_id = $1) as activations,
              (select json_agg(s order by s.id) from (select id, last_heartbeat_at, ended_at from session where account_id = $1) s) as sessions,
              (select json_agg(l order by l.id) from (select id, seats, activations_allowed, expires_at from license where account_id = $1) l) as licenses`,
      [acme.id],
    );

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    acmeKey = await accountWithLicenses(db(), acme, [acmeLicense]);
    globexKey = await accountWithLicenses(db(), await createDefaultAccount(db(), 'globex'), []);
    const started = await post(acmeKey, [
      {
        type: 'session_start',
        id: randomUUID(),
        sessionId: 'acme-session-1',
        product: 'AGi32',
        activationCode: ACME_CODE,
        user: 'ana@example.com',
        machine: 'WS-01',
        version: '2.1.0',
        at: AT,
      },
    ]);
    expect(started.body).toEqual({ accepted: 1, duplicates: 0 });
  });

  it("answers acme's code and session id from globex exactly as a code and session that exist nowhere", async () => {
    const before = await acmeRows();
    const pairs: [unknown, unknown, [string, string]][] = [
      [access(ACME_CODE), access(NOWHERE_CODE), ['ACMEX', 'NOWHR']],
      [activation(ACME_CODE), activation(NOWHERE_CODE), ['ACMEX', 'NOWHR']],
      [beat('acme-session-1'), beat('nowhere-session'), ['acme-session-1', 'nowhere-session']],
    ];
    for (const [theirs, nowhere, [from, to]] of pairs) {
      const refused = await post(globexKey, [theirs]);
      const unknown = await post(globexKey, [nowhere]);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body).replaceAll(from, to)).toBe(JSON.stringify(unknown.body));
    }
    expect(await acmeRows()).toEqual(before);
  });

  it("registers acme's code under globex as globex's own license, leaving acme's as it was", async () => {
    const before = await acmeRows();
    const put = await api().send('PUT', '/api/v1/licenses', globexKey, {
      licenses: [
        {
          product: 'AGi32',
          type: 'MUL',
          seats: 50,
          activationsAllowed: 99,
          expiresAt: '2030-01-01',
          activationCode: ACME_CODE,
        },
      ],
    });
    expect(put).toMatchObject({ status: 200, body: { created: 1, updated: 0 } });
    expect(await acmeRows()).toEqual(before);
    // acme's key still reaches acme's SUL license: an access event is stored for acme alone.
    expect((await post(acmeKey, [access(ACME_CODE)])).body).toEqual({ accepted: 1, duplicates: 0 });
  });
});
