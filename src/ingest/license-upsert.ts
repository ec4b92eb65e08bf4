import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, License, Product } from '../db/entities/index.js';
import { query, sql } from '../db/sql.js';
import { activationCodePrefix, type LicenseType, normalizeActivationCode } from '../domain/license.js';
import { hashActivationCode } from '../domain/secrets.js';

export interface LicenseInput {
  product: string;
  type: LicenseType;
  seats: number;
  activationsAllowed: number;
  /** `YYYY-MM-DD`. */
  expiresAt: string;
  /** The plain code; only its prefix and keyed hash are stored. */
  activationCode: string;
}

/** Finds a product by name (case-insensitive) or adds it at the end of the catalogue. */
export async function findOrCreateProduct(em: EntityManager, account: Account, name: string): Promise<Product> {
  const existing = await em.findOne(Product, { account, name: { $ilike: name.trim().replace(/[\\%_]/g, '\\$&') } });
  if (existing) return existing;
  const last = await em.findOne(Product, { account }, { orderBy: { position: 'desc' } });
  const product = em.create(Product, { account, name: name.trim(), position: (last?.position ?? 0) + 1 });
  await em.flush();
  return product;
}

/**
 * Creates or updates licenses by activation code (matched through the keyed hash), with one
 * lookup for the whole list. A license moved to another product takes its sessions along
 * (they repeat the product for fast history queries). Runs in the caller's transaction, if
 * any; results are in input order.
 */
export async function upsertLicenses(
  em: EntityManager,
  accountId: number,
  inputs: LicenseInput[],
  hashSecret: string,
): Promise<{ license: License; created: boolean }[]> {
  const account = em.getReference(Account, accountId);
  const hashes = inputs.map((input) => hashActivationCode(input.activationCode, hashSecret));
  const existing = await em.find(License, { account, acHash: { $in: hashes } });
  const byHash = new Map(existing.map((license) => [license.acHash, license]));
  const products = new Map<string, Product>();
  const moved: License[] = [];
  const results: { license: License; created: boolean }[] = [];
  for (const [i, input] of inputs.entries()) {
    const key = input.product.trim().toLowerCase();
    const product = products.get(key) ?? (await findOrCreateProduct(em, account, input.product));
    products.set(key, product);
    const fields = {
      product,
      type: input.type,
      seats: input.seats,
      activationsAllowed: input.activationsAllowed,
      expiresAt: input.expiresAt,
    };
    const acHash = hashes[i]!;
    const found = byHash.get(acHash);
    if (found) {
      if (found.product.id !== product.id) moved.push(found);
      em.assign(found, fields);
      results.push({ license: found, created: false });
    } else {
      const code = normalizeActivationCode(input.activationCode);
      const license = em.create(License, { account, acHash, acPrefix: activationCodePrefix(code), ...fields });
      byHash.set(acHash, license);
      results.push({ license, created: true });
    }
  }
  await em.flush();
  for (const license of moved) {
    await query(
      em,
      sql`update session set product_id = ${license.product.id} where account_id = ${accountId} and license_id = ${license.id}`,
    );
  }
  return results;
}

/** One license; see upsertLicenses. Returns whether it was created. */
export async function upsertLicense(
  em: EntityManager,
  account: Account,
  input: LicenseInput,
  hashSecret: string,
): Promise<{ license: License; created: boolean }> {
  const [result] = await upsertLicenses(em, account.id, [input], hashSecret);
  return result!;
}
