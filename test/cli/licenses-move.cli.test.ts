import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import type { LicenseType } from '../../src/domain/license.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { runLicbot } from '../helpers/cli.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

// Issue 13: PUT /api/v1/licenses used to move a known code to another product (or type) and
// answer "updated"; it now refuses with 409, and `licbot licenses move` does it on purpose.

const SUL = 'MOVEA-0001-SECRET-CODE';
const MUL = 'MOVEB-0002-SECRET-CODE';
const license = (product: string, type: LicenseType, activationCode: string) => ({
  product,
  type,
  seats: 2,
  activationsAllowed: 4,
  expiresAt: '2027-06-30',
  activationCode,
});
const event = (type: string, extra: Record<string, unknown>) => ({
  type,
  id: randomUUID(),
  product: 'AGi32',
  activationCode: SUL,
  user: 'ana@example.com',
  machine: 'WS-01',
  version: '2.1.0',
  at: '2026-03-02T08:00:00Z',
  ...extra,
});

describe('license moves: refused by PUT, made on purpose by licbot licenses move', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  const cli = (...argv: string[]) =>
    runLicbot(['licenses', ...argv], { DATABASE_URL: db().url, HASH_SECRET: db().config.HASH_SECRET });
  const put = (licenses: unknown[]) => api().send('PUT', '/api/v1/licenses', key, { licenses });
  const state = () =>
    db().sql(
      `select l.ac_prefix, l.type, p.name as product,
              (select string_agg(distinct sp.name, ',') from session s join product sp on sp.id = s.product_id
                where s.license_id = l.id) as session_products,
              (select count(*)::int from access_event a where a.license_id = l.id) as events
         from license l join product p on p.id = l.product_id where l.account_id = $1 order by l.ac_prefix`,
      [acme.id],
    );
  const audits = () =>
    db().sql(`select actor, action, details from audit_log where account_id = $1 and action like 'license.%'`, [
      acme.id,
    ]);

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'acme');
    key = await accountWithLicenses(db(), acme, [license('AGi32', 'SUL', SUL), license('Toolbox', 'MUL', MUL)]);
    const answer = await api().send('POST', '/api/v1/events', key, {
      events: [
        event('access', { mode: 'full' }),
        event('access', { mode: 'take' }),
        event('session_start', { sessionId: 'move-s1' }),
      ],
    });
    expect(answer.body).toEqual({ accepted: 3, duplicates: 0 });
  });

  it('refuses with 409 a known code sent with another product or type, saying how to move it, and stores nothing', async () => {
    const before = await state();
    const answer = await put([
      license('Toolbox', 'SUL', SUL),
      license('toolbox', 'SUL', MUL),
      license('ElumTools', 'MUL', 'MOVEC-0003-NEW-CODE'),
    ]);
    expect(answer.status).toBe(409);
    expect(answer.body.errors).toEqual([
      {
        index: 0,
        field: 'product',
        message:
          'MOVEA… is a SUL license of AGi32; an upsert does not move it to "Toolbox" (its counters and sessions would ' +
          'go along): send "AGi32", or move it on purpose with licbot licenses move --code <code> --product "Toolbox" --by EMAIL',
      },
      {
        index: 1,
        field: 'type',
        message:
          'MOVEB… is a MUL license of Toolbox; an upsert does not make it SUL (its counters would be read another way): ' +
          'send "MUL", or change it on purpose with licbot licenses move --code <code> --product "toolbox" --type SUL --by EMAIL',
      },
    ]);
    expect(JSON.stringify(answer.body)).not.toContain('SECRET');
    // The new license of the same request was not created either: all or nothing.
    expect(await state()).toEqual(before);
    // Same product (any case) and type: an update, as before.
    expect((await put([license('agi32', 'SUL', SUL)])).body).toEqual({ created: 0, updated: 1 });
  });

  it('moves a license with its sessions in one audited transaction; counters and events stay with it', async () => {
    const moved = await cli(
      'move',
      '--code',
      SUL,
      '--product',
      'tool',
      '--by',
      'admin@example.com',
      '--account',
      'acme',
    );
    expect(moved).toEqual({
      code: 0,
      out:
        'Moved MOVEA… from AGi32 SUL to Toolbox SUL with 1 session; its events and counters stay with it. ' +
        'Recorded in the audit log as license.move by admin@example.com.\n',
      err: '',
    });
    expect(await state()).toEqual([
      { ac_prefix: 'MOVEA', type: 'SUL', product: 'Toolbox', session_products: 'Toolbox', events: 2 },
      { ac_prefix: 'MOVEB', type: 'MUL', product: 'Toolbox', session_products: null, events: 0 },
    ]);
    const [license_id] = (await db().sql(`select id from license where ac_prefix = 'MOVEA'`)).map((r) => r.id);
    expect(await audits()).toEqual([
      {
        actor: 'admin@example.com',
        action: 'license.move',
        details: {
          licenseId: license_id,
          acPrefix: 'MOVEA',
          from: { product: 'AGi32', type: 'SUL' },
          to: { product: 'Toolbox', type: 'SUL' },
          sessions: 1,
        },
      },
    ]);
    // Now the upsert with the new product is an update.
    expect((await put([license('Toolbox', 'SUL', SUL)])).body).toEqual({ created: 0, updated: 1 });
    // The code is stored only as its keyed hash and prefix, nowhere in full.
    const dump = JSON.stringify([
      await db().sql('select * from license'),
      await db().sql('select * from audit_log'),
      await db().sql('select * from session'),
    ]);
    expect(dump).not.toContain('0001-SECRET');
    expect(dump).not.toContain(SUL.toLowerCase());
  });

  it('refuses a type change that would reinterpret stored usage, an unknown code and an unknown product', async () => {
    const before = await state();
    const auditsBefore = (await audits()).length;
    const toMul = await cli(
      'move',
      '--code',
      SUL,
      '--product',
      'Toolbox',
      '--type',
      'mul',
      '--by',
      'a@example.com',
      '--account',
      'acme',
    );
    expect(toMul.code).toBe(1);
    expect(toMul.err).toBe(
      'MOVEA… has stored usage a MUL license cannot have (take); its type is left as it is. ' +
        'A MUL license counts only full, limited, declined, checkout: changing the type would change what its counters mean.\n',
    );
    const toHwk = await cli(
      'move',
      '--code',
      SUL,
      '--product',
      'Toolbox',
      '--type',
      'HWK',
      '--by',
      'a@example.com',
      '--account',
      'acme',
    );
    expect(toHwk.err).toMatch(/^MOVEA… has stored usage a HWK license cannot have \(full, take, sessions\)/);
    const unknownCode = await cli(
      'move',
      '--code',
      'ZZZZZ-9999-NOPE',
      '--product',
      'AGi32',
      '--by',
      'a@example.com',
      '--account',
      'acme',
    );
    expect(unknownCode).toMatchObject({
      code: 1,
      err: 'No license with the activation code ZZZZZ… in this account. Give the full code, as sent to PUT /api/v1/licenses.\n',
    });
    expect(unknownCode.err).not.toContain('9999-NOPE');
    const unknownProduct = await cli(
      'move',
      '--code',
      SUL,
      '--product',
      'Photoshop',
      '--by',
      'a@example.com',
      '--account',
      'acme',
    );
    expect(unknownProduct.code).toBe(1);
    expect(unknownProduct.err).toMatch(/^No product "Photoshop"\. Products: AGi32, Toolbox/);
    const same = await cli('move', '--code', SUL, '--product', 'Toolbox', '--by', 'a@example.com', '--account', 'acme');
    expect(same.err).toBe('MOVEA… is already a SUL license of Toolbox. Nothing was changed.\n');
    expect((await cli('move', '--code', SUL, '--product', 'AGi32', '--account', 'acme')).code).toBe(2);
    expect(
      (await cli('move', '--code', SUL, '--product', 'AGi32', '--type', 'XYZ', '--by', 'a@example.com')).code,
    ).toBe(2);
    expect(await state()).toEqual(before);
    expect(await audits()).toHaveLength(auditsBefore);
  });
});
