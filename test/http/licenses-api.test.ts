import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const CODE_A = 'LICAA-0001-SECRET-CODE';
const CODE_B = 'LICBB-0002-SECRET-CODE';
const CODE_H = 'LICHH-0003-SECRET-CODE';

describe('PUT /api/v1/licenses', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  let globexKey: string;
  const put = (licenses: unknown[], k = key) => api().send('PUT', '/api/v1/licenses', k, { licenses });
  const licenses = (accountId = acme.id) =>
    db().sql(
      `select p.name as product, p.position, l.type, l.seats, l.activations_allowed, l.expires_at::text, l.ac_prefix
         from license l join product p on p.id = l.product_id where l.account_id = $1 order by l.ac_prefix`,
      [accountId],
    );

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    key = await accountWithLicenses(db(), acme, []);
    globexKey = await accountWithLicenses(db(), await createDefaultAccount(db(), 'globex'), []);
  });

  it('creates licenses, and products on first use after the five catalogue products', async () => {
    const answer = await put([
      {
        product: 'agi32',
        type: 'MUL',
        seats: 5,
        activationsAllowed: 10,
        expiresAt: '2027-01-31',
        activationCode: CODE_A,
      },
      {
        product: 'Visual Lighting',
        type: 'SUL',
        seats: 1,
        activationsAllowed: 2,
        expiresAt: '2026-12-31',
        activationCode: CODE_B,
      },
      {
        product: 'ElumTools',
        type: 'HWK',
        seats: 1,
        activationsAllowed: 0,
        expiresAt: '2027-03-01',
        activationCode: CODE_H,
      },
    ]);
    expect(answer).toMatchObject({ status: 200, body: { created: 3, updated: 0 } });
    expect(await licenses()).toEqual([
      {
        product: 'AGi32',
        position: 1,
        type: 'MUL',
        seats: 5,
        activations_allowed: 10,
        expires_at: '2027-01-31',
        ac_prefix: 'LICAA',
      },
      {
        product: 'Visual Lighting',
        position: 6,
        type: 'SUL',
        seats: 1,
        activations_allowed: 2,
        expires_at: '2026-12-31',
        ac_prefix: 'LICBB',
      },
      {
        product: 'ElumTools',
        position: 4,
        type: 'HWK',
        seats: 1,
        activations_allowed: 0,
        expires_at: '2027-03-01',
        ac_prefix: 'LICHH',
      },
    ]);
    const dump = JSON.stringify(await db().sql('select * from license'));
    expect(dump).not.toContain('0001-SECRET');
  });

  it('updates by activation code (case and blanks ignored) and answers how many were updated', async () => {
    const answer = await put([
      {
        product: 'AGi32',
        type: 'MUL',
        seats: 8,
        activationsAllowed: 12,
        expiresAt: '2028-01-31',
        activationCode: ` ${CODE_A.toLowerCase()} `,
      },
      {
        product: 'Visual Lighting',
        type: 'SUL',
        seats: 1,
        activationsAllowed: 2,
        expiresAt: '2026-12-31',
        activationCode: CODE_B,
      },
    ]);
    expect(answer.body).toEqual({ created: 0, updated: 2 });
    expect((await licenses())[0]).toMatchObject({ seats: 8, activations_allowed: 12, expires_at: '2028-01-31' });
    expect(await db().sql('select count(*)::int as n from license')).toEqual([{ n: 3 }]);
  });

  it('refuses the whole request listing every bad license, and stores nothing', async () => {
    const good = {
      product: 'Toolbox',
      type: 'SUL',
      seats: 1,
      activationsAllowed: 1,
      expiresAt: '2027-01-01',
      activationCode: 'GOODD-0009-SECRET',
    };
    const answer = await put([
      good,
      { ...good, seats: 0, activationsAllowed: -1, activationCode: 'OTHER-0010' },
      { ...good, expiresAt: '2027-02-30', type: 'XYZ', activationCode: 'OTHER-0011' },
      { ...good, activationCode: 'AB12C…' },
      { ...good, activationCode: ' goodd-0009-secret' },
      { ...good, seats: 1.5, product: '', activationCode: 'OTHER-0012' },
    ]);
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      { index: 1, field: 'seats', message: 'must be at least 1' },
      { index: 1, field: 'activationsAllowed', message: 'must be at least 0' },
      { index: 2, field: 'type', message: 'must be one of SUL, MUL, HWK' },
      { index: 2, field: 'expiresAt', message: 'must be a date YYYY-MM-DD, e.g. 2027-01-31' },
      {
        index: 3,
        field: 'activationCode',
        message: 'must be the full activation code, not the shown prefix with an ellipsis',
      },
      { index: 4, field: 'activationCode', message: 'is the same activation code as licenses[0]' },
      { index: 5, field: 'product', message: 'must not be empty' },
      { index: 5, field: 'seats', message: 'must be a whole number' },
    ]);
    expect(await db().sql(`select * from license where ac_prefix = 'GOODD'`)).toEqual([]);
    expect((await put(Array.from({ length: 1001 }, () => good))).status).toBe(413);
  });

  it("keeps accounts apart: the same code in another account is that account's own license", async () => {
    const answer = await put(
      [
        {
          product: 'AGi32',
          type: 'SUL',
          seats: 1,
          activationsAllowed: 1,
          expiresAt: '2027-01-31',
          activationCode: CODE_A,
        },
      ],
      globexKey,
    );
    expect(answer.body).toEqual({ created: 1, updated: 0 });
    expect((await licenses())[0]).toMatchObject({ type: 'MUL', seats: 8 });
    expect(await db().sql(`select count(*)::int as n from license where ac_prefix = 'LICAA'`)).toEqual([{ n: 2 }]);
    expect((await api().send('PUT', '/api/v1/licenses', 'lbk_wrong', { licenses: [] })).status).toBe(401);
  });

  it('lets two concurrent requests create the same new product and license without an error', async () => {
    const same = [
      {
        product: 'Lumen Designer',
        type: 'MUL',
        seats: 2,
        activationsAllowed: 4,
        expiresAt: '2027-05-01',
        activationCode: 'RACEL-0001-X',
      },
    ];
    const answers = await Promise.all([put(same), put(same), put(same)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.map((a) => a.body.created).sort()).toEqual([0, 0, 1]);
    expect(
      await db().sql(
        `select p.position, count(l.id)::int as licenses from product p left join license l on l.product_id = p.id
          where p.account_id = $1 and p.name = 'Lumen Designer' group by p.position`,
        [acme.id],
      ),
    ).toEqual([{ position: 7, licenses: 1 }]);
  });

  it('refuses (409) to move a license to another product by an upsert, leaving it and its sessions alone', async () => {
    await api().send('POST', '/api/v1/events', key, {
      events: [
        {
          type: 'session_start',
          id: '0b5b3c4e-8f1a-4d2b-9c3e-1a2b3c4d5e6f',
          sessionId: 'moving',
          product: 'Visual Lighting',
          activationCode: CODE_B,
          user: 'ana@example.com',
          machine: 'WS',
          version: '1',
          at: '2026-03-01T10:00:00Z',
        },
      ],
    });
    const answer = await put([
      {
        product: 'Licaso',
        type: 'SUL',
        seats: 1,
        activationsAllowed: 2,
        expiresAt: '2026-12-31',
        activationCode: CODE_B,
      },
    ]);
    expect(answer.status).toBe(409);
    expect(answer.body.errors).toEqual([
      {
        index: 0,
        field: 'product',
        message:
          'LICBB… is a SUL license of Visual Lighting; an upsert does not move it to "Licaso" (its counters and ' +
          'sessions would go along): send "Visual Lighting", or move it on purpose with ' +
          'licbot licenses move --code <code> --product "Licaso" --by EMAIL',
      },
    ]);
    expect(
      await db().sql(
        `select p.name from session s join product p on p.id = s.product_id where client_session_id = 'moving'`,
      ),
    ).toEqual([{ name: 'Visual Lighting' }]);
    expect((await licenses()).find((l) => l.ac_prefix === 'LICBB')).toMatchObject({ product: 'Visual Lighting' });
  });
});
