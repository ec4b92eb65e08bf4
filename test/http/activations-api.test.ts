import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const CODE = 'ACTIV-0001-SECRET-CODE';
const RACE = 'RACEE-0002-SECRET-CODE';
const event = (type: 'activation' | 'deactivation', machine: string, at: string, extra = {}) => ({
  type,
  id: randomUUID(),
  product: 'Licaso',
  activationCode: CODE,
  user: 'bo@example.com',
  machine,
  at,
  ...extra,
});

describe('POST /api/v1/events: activations', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let key: string;
  const post = (events: unknown[]) => api().send('POST', '/api/v1/events', key, { events });
  const active = async (code = 'ACTIV') =>
    (
      await db().sql(
        `select a.machine from activation a join license l on l.id = a.license_id
          where l.ac_prefix = $1 and a.deactivated_at is null order by a.machine`,
        [code],
      )
    ).map((r) => r.machine);

  beforeAll(async () => {
    const account = await createDefaultAccount(db(), 'acme');
    key = await accountWithLicenses(db(), account, [
      {
        product: 'Licaso',
        type: 'SUL',
        seats: 2,
        activationsAllowed: 2,
        expiresAt: '2027-01-31',
        activationCode: CODE,
      },
      {
        product: 'Licaso',
        type: 'MUL',
        seats: 5,
        activationsAllowed: 1,
        expiresAt: '2027-01-31',
        activationCode: RACE,
      },
    ]);
  });

  it('uses activations up to the number allowed, then refuses with the portal advice', async () => {
    const first = [
      event('activation', 'PC-1', '2026-02-01T09:00:00Z'),
      event('activation', 'PC-2', '2026-02-01T09:00:00Z'),
    ];
    expect((await post(first)).body).toEqual({ accepted: 2, duplicates: 0 });
    // The same user and machine again is not a second activation.
    expect((await post([event('activation', 'PC-1', '2026-02-02T09:00:00Z')])).body).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    const full = await post([event('activation', 'PC-3', '2026-02-03T09:00:00Z')]);
    expect(full.status).toBe(400);
    expect(full.body.errors).toEqual([
      {
        index: 0,
        field: 'activationCode',
        message:
          'no activations available for ACTIV… (2 of 2 used): delete unused activations (send a deactivation) ' +
          'or buy more licenses to activate more computers',
      },
    ]);
    expect(await active()).toEqual(['PC-1', 'PC-2']);
  });

  it('frees an activation on deactivation, so another computer can take it in the same batch', async () => {
    const events = [
      event('deactivation', 'PC-1', '2026-02-10T09:00:00Z'),
      event('activation', 'PC-3', '2026-02-10T09:01:00Z'),
    ];
    expect((await post(events)).body).toEqual({ accepted: 2, duplicates: 0 });
    expect(await active()).toEqual(['PC-2', 'PC-3']);
    const [row] = await db().sql(`select deactivated_at from activation where machine = 'PC-1'`);
    expect(row?.deactivated_at).toEqual(new Date('2026-02-10T09:00:00Z'));
    // Deactivating again changes nothing; a machine never activated is an error.
    expect((await post([event('deactivation', 'PC-1', '2026-02-11T09:00:00Z')])).body).toEqual({
      accepted: 0,
      duplicates: 1,
    });
    const unknown = await post([event('deactivation', 'PC-9', '2026-02-11T09:00:00Z')]);
    expect(unknown.body.errors).toEqual([
      { index: 0, field: 'machine', message: 'bo@example.com has no activation of ACTIV… on "PC-9" to deactivate' },
    ]);
    const early = await post([event('deactivation', 'PC-3', '2026-02-10T08:00:00Z')]);
    expect(early.body.errors).toEqual([
      { index: 0, field: 'at', message: 'is before the activation (2026-02-10T09:01:00.000Z)' },
    ]);
  });

  it('gives the last activation to exactly one of two concurrent requests', async () => {
    const racer = (machine: string) =>
      post([event('activation', machine, '2026-02-12T09:00:00Z', { activationCode: RACE })]);
    const answers = await Promise.all([racer('RACE-A'), racer('RACE-B')]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
    expect(await active('RACEE')).toHaveLength(1);
  });
});
