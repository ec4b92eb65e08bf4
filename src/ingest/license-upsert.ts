import type { EntityManager } from '@mikro-orm/postgresql';
import { type Account, License, Product } from '../db/entities/index.js';
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
 * Creates or updates a license by its activation code (matched through the keyed hash).
 * Returns whether it was created.
 */
export async function upsertLicense(
  em: EntityManager,
  account: Account,
  input: LicenseInput,
  hashSecret: string,
): Promise<{ license: License; created: boolean }> {
  const code = normalizeActivationCode(input.activationCode);
  const acHash = hashActivationCode(code, hashSecret);
  const product = await findOrCreateProduct(em, account, input.product);
  const fields = {
    product,
    type: input.type,
    seats: input.seats,
    activationsAllowed: input.activationsAllowed,
    expiresAt: input.expiresAt,
  };
  const existing = await em.findOne(License, { account, acHash });
  if (existing) {
    em.assign(existing, fields);
    await em.flush();
    return { license: existing, created: false };
  }
  const license = em.create(License, { account, acHash, acPrefix: activationCodePrefix(code), ...fields });
  await em.flush();
  return { license, created: true };
}
