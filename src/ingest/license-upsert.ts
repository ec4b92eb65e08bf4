import type { EntityManager } from '@mikro-orm/postgresql';
import { Account, License, Product } from '../db/entities/index.js';
import { query, sql } from '../db/sql.js';
import { activationCodeHint, distinctCodeLabels } from '../domain/code-labels.js';
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

/** The account's product of that name (case-insensitive, blanks around ignored), if any. */
export function findProduct(em: EntityManager, account: Account, name: string): Promise<Product | null> {
  return em.findOne(Product, { account, name: { $ilike: name.trim().replace(/[\\%_]/g, '\\$&') } });
}

/** Finds a product by name (case-insensitive) or adds it at the end of the catalogue. */
export async function findOrCreateProduct(em: EntityManager, account: Account, name: string): Promise<Product> {
  const existing = await findProduct(em, account, name);
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
      // A license stored before hints existed gets one the next time its code is sent.
      em.assign(found, { ...fields, acHint: found.acHint ?? activationCodeHint(input.activationCode) });
      results.push({ license: found, created: false });
    } else {
      const code = normalizeActivationCode(input.activationCode);
      const license = em.create(License, {
        account,
        acHash,
        acPrefix: activationCodePrefix(code),
        acHint: activationCodeHint(code),
        ...fields,
      });
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

/**
 * Warnings for new licenses whose 5-character prefix another license of the account already
 * has: people tell codes apart by that prefix, so say how the two will be shown.
 */
export async function sharedPrefixWarnings(
  em: EntityManager,
  accountId: number,
  created: readonly License[],
): Promise<string[]> {
  if (created.length === 0) return [];
  const prefixes = [...new Set(created.map((l) => l.acPrefix))];
  const rows = await query<{ id: number; ac_prefix: string; ac_hint: string | null }>(
    em,
    sql`select id, ac_prefix, ac_hint from license where account_id = ${accountId} and ac_prefix = any(${prefixes})`,
  );
  const labels = distinctCodeLabels(rows.map((r) => ({ licenseId: r.id, acPrefix: r.ac_prefix, acHint: r.ac_hint })));
  return created.flatMap((l) => {
    const same = rows.filter((r) => r.ac_prefix === l.acPrefix && r.id !== l.id);
    if (same.length === 0) return [];
    const others = same.map((r) => labels.get(r.id) ?? r.ac_prefix).join(', ');
    return [`The new code ${labels.get(l.id)} starts like ${others}: they are shown that way to tell them apart.`];
  });
}
