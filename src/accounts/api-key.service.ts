import type { EntityManager } from '@mikro-orm/postgresql';
import { audit } from '../db/audit.js';
import { type Account, ApiKey } from '../db/entities/index.js';
import { query, sql } from '../db/sql.js';
import { generateApiKey, hashApiKey } from '../domain/secrets.js';
import { UserError } from '../errors.js';

/** Creates a key and returns it in plain text exactly once; only its hash is stored. */
export async function createApiKey(
  em: EntityManager,
  account: Account,
  name: string,
  actor: string,
): Promise<{ id: number; key: string }> {
  if (!name.trim()) throw new UserError('An API key needs a name.', 'Pass --name, e.g. --name "license server 1".');
  const key = generateApiKey();
  return em.transactional(async (tx) => {
    const row = tx.create(ApiKey, { account, name: name.trim(), keyHash: hashApiKey(key) });
    await tx.flush();
    await audit(tx, account.id, actor, 'apikey.create', { name: row.name });
    return { id: row.id, key };
  });
}

export async function listApiKeys(em: EntityManager, account: Account): Promise<ApiKey[]> {
  return em.find(ApiKey, { account }, { orderBy: { id: 'asc' } });
}

export async function revokeApiKey(em: EntityManager, account: Account, id: number, actor: string): Promise<ApiKey> {
  const row = await em.findOne(ApiKey, { id, account });
  if (!row) throw new UserError(`No API key with id ${id} in account "${account.slug}".`, 'See `licbot apikey list`.');
  if (!row.revokedAt) {
    row.revokedAt = new Date();
    await em.transactional(async (tx) => {
      await tx.flush();
      await audit(tx, account.id, actor, 'apikey.revoke', { id, name: row.name });
    });
  }
  return row;
}

/**
 * The id of the account a presented key belongs to, or undefined for a missing, unknown or
 * revoked key: one indexed lookup, for the event API, which asks on every request.
 */
export async function findAccountIdByApiKey(em: EntityManager, key: string): Promise<number | undefined> {
  const rows = await query<{ account_id: number }>(
    em,
    sql`select account_id from api_key where key_hash = ${hashApiKey(key)} and revoked_at is null`,
  );
  return rows[0]?.account_id;
}
