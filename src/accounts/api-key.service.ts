import type { EntityManager } from '@mikro-orm/postgresql';
import { type Account, ApiKey, AuditLog } from '../db/entities/index.js';
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
  const row = em.create(ApiKey, { account, name: name.trim(), keyHash: hashApiKey(key) });
  em.create(AuditLog, { account, actor, action: 'apikey.create', details: { name: row.name } });
  await em.flush();
  return { id: row.id, key };
}

export async function listApiKeys(em: EntityManager, account: Account): Promise<ApiKey[]> {
  return em.find(ApiKey, { account }, { orderBy: { id: 'asc' } });
}

export async function revokeApiKey(em: EntityManager, account: Account, id: number, actor: string): Promise<ApiKey> {
  const row = await em.findOne(ApiKey, { id, account });
  if (!row) throw new UserError(`No API key with id ${id} in account "${account.slug}".`, 'See `licbot apikey list`.');
  if (!row.revokedAt) {
    row.revokedAt = new Date();
    em.create(AuditLog, { account, actor, action: 'apikey.revoke', details: { id, name: row.name } });
    await em.flush();
  }
  return row;
}

/**
 * The id of the account a presented key belongs to, or undefined for a missing, unknown or
 * revoked key: one indexed lookup, for the event API, which asks on every request.
 */
export async function findAccountIdByApiKey(em: EntityManager, key: string): Promise<number | undefined> {
  const rows: { account_id: number }[] = await em
    .getConnection()
    .execute('select account_id from api_key where key_hash = ? and revoked_at is null', [hashApiKey(key)]);
  return rows[0]?.account_id;
}
