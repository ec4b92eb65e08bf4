import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, findAccountIdByApiKey, revokeApiKey } from '../../src/accounts/api-key.service.js';
import type { Account } from '../../src/db/entities/index.js';
import { upsertLicense } from '../../src/ingest/license-upsert.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const CODE = 'ZX9QK-77731-SECRET-CODE';

describe('data model constraints and secrets', () => {
  const db = useTestDatabase();
  let account: Account;
  let other: Account;
  let apiKey: string;

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'acme');
    other = await createDefaultAccount(db(), 'globex');
    await upsertLicense(
      db().em(),
      account,
      {
        product: 'agi32',
        type: 'MUL',
        seats: 5,
        activationsAllowed: 10,
        expiresAt: '2027-01-31',
        activationCode: CODE,
      },
      db().config.HASH_SECRET,
    );
    apiKey = (await createApiKey(db().em(), account, 'server', 'test')).key;
  });

  it('stores an activation code only as prefix and keyed hash', async () => {
    const [row] = await db().sql('select ac_prefix, ac_hash from license');
    expect(row?.ac_prefix).toBe('ZX9QK');
    expect(row?.ac_hash).toMatch(/^[0-9a-f]{64}$/);
    // Scan every column of every table: neither the plain code nor the key may appear anywhere.
    const dump = await db().sql<{ t: string }>(`
      select string_agg(row_to_json(x)::text, ' ') as t from (
        select * from license) x
      union all select string_agg(row_to_json(a)::text, ' ') from api_key a
      union all select string_agg(row_to_json(l)::text, ' ') from audit_log l`);
    const text = dump.map((r) => r.t).join(' ');
    expect(text).not.toContain(CODE);
    expect(text).not.toContain('77731-SECRET');
    expect(text).not.toContain(apiKey);
    expect(text).not.toContain(apiKey.slice(4, 20));
  });

  it('matches the same code case- and blank-insensitively (one license, not two)', async () => {
    const again = await upsertLicense(
      db().em(),
      account,
      {
        product: 'AGi32',
        type: 'MUL',
        seats: 7,
        activationsAllowed: 10,
        expiresAt: '2027-01-31',
        activationCode: ` ${CODE.toLowerCase()} `,
      },
      db().config.HASH_SECRET,
    );
    expect(again.created).toBe(false);
    const rows = await db().sql('select seats from license where account_id = $1', [account.id]);
    expect(rows).toEqual([{ seats: 7 }]);
  });

  it('lets another account hold the same activation code, but never twice in one account', async () => {
    const mine = await db().sql<{ id: number; ac_hash: string; product_id: number }>(
      'select id, ac_hash, product_id from license',
    );
    const theirs = await upsertLicense(
      db().em(),
      other,
      { product: 'AGi32', type: 'SUL', seats: 1, activationsAllowed: 2, expiresAt: '2027-01-31', activationCode: CODE },
      db().config.HASH_SECRET,
    );
    expect(theirs.created).toBe(true);
    await expect(
      db().sql(
        `insert into license (account_id, product_id, type, seats, activations_allowed, expires_at, ac_prefix, ac_hash)
                values ($1, $2, 'SUL', 1, 1, '2027-01-01', 'ZX9QK', $3)`,
        [account.id, mine[0]?.product_id, mine[0]?.ac_hash],
      ),
    ).rejects.toThrow(/license_account_ac_hash_unique/);
  });

  it('rejects a repeated event id within an account but not across accounts', async () => {
    const [lic] = await db().sql<{ id: number }>('select id from license where account_id = $1', [account.id]);
    const [lic2] = await db().sql<{ id: number }>('select id from license where account_id = $1', [other.id]);
    const eventId = randomUUID();
    const insert = (accountId: number, licenseId: number | undefined) =>
      db().sql(
        `insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at)
                values ($1, $2, $3, 'full', 'a@b.c', 'M1', '1.0', now())`,
        [accountId, eventId, licenseId],
      );
    await insert(account.id, lic?.id);
    await insert(other.id, lic2?.id);
    await expect(insert(account.id, lic?.id)).rejects.toThrow(/access_event_account_event_unique/);
  });

  it('rejects modes and license types outside the catalogue of values', async () => {
    await expect(db().sql(`update license set type = 'XYZ'`)).rejects.toThrow(/check constraint/);
    await expect(db().sql(`update access_event set mode = 'borrow'`)).rejects.toThrow(/check constraint/);
  });

  it('resolves an API key to its account until it is revoked', async () => {
    expect(await findAccountIdByApiKey(db().em(), apiKey)).toBe(account.id);
    expect(await findAccountIdByApiKey(db().em(), `${apiKey}x`)).toBeUndefined();
    const [key] = await db().sql<{ id: number }>('select id from api_key');
    await revokeApiKey(db().em(), account, key!.id, 'test');
    expect(await findAccountIdByApiKey(db().em(), apiKey)).toBeUndefined();
  });
});
