import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sql.js';
import { displayActivationCode, type LicenseType, normalizeActivationCode } from '../../domain/license.js';
import { hashActivationCode } from '../../domain/secrets.js';

export interface IndexedLicense {
  id: number;
  productId: number;
  type: LicenseType;
  prefix: string;
  hash: string;
}

export interface IndexedProduct {
  id: number;
  name: string;
}

/** The Activation Code cell: the shown prefix (`AB12C…`), the full code, or nonsense. */
export type CodeCell = { prefix: string } | { code: string } | { invalid: string };

export function readCodeCell(cell: string): CodeCell {
  const shown = /^(.{1,5})(?:…|\.\.\.)$/u.exec(cell.trim());
  if (shown) return { prefix: shown[1]!.toUpperCase() };
  const code = normalizeActivationCode(cell);
  if (code.length > 5 && !/…|\.\.\./.test(code)) return { code };
  return {
    invalid: `Activation Code "${cell.slice(0, 5)}" is neither the shown prefix with an ellipsis (AB12C…) nor a full code`,
  };
}

/**
 * The account's products and licenses, loaded once per import (they are few; the file may be
 * huge), to match portal rows by product and activation code without a query per row.
 */
export class LicenseIndex {
  private constructor(
    private readonly products: Map<string, IndexedProduct>,
    private readonly licenses: IndexedLicense[],
    private readonly hashSecret: string,
  ) {}

  static async load(em: EntityManager, accountId: number, hashSecret: string): Promise<LicenseIndex> {
    const products = await query<IndexedProduct>(
      em,
      sql`select id, name from product where account_id = ${accountId} order by position`,
    );
    const licenses = await query<IndexedLicense>(
      em,
      sql`select id, product_id as "productId", type, ac_prefix as prefix, ac_hash as hash
         from license where account_id = ${accountId}`,
    );
    return new LicenseIndex(new Map(products.map((p) => [p.name.toLowerCase(), p])), licenses, hashSecret);
  }

  product(name: string): IndexedProduct | undefined {
    return this.products.get(name.trim().toLowerCase());
  }

  unknownProduct(name: string): string {
    const known = [...this.products.values()].map((p) => p.name).join(', ');
    return `unknown product "${name}" (known: ${known})`;
  }

  addProduct(product: IndexedProduct): void {
    if (!this.product(product.name)) this.products.set(product.name.toLowerCase(), product);
  }

  add(license: IndexedLicense): void {
    this.licenses.push(license);
  }

  /** A full code's license in this account, if any (matched through its hash). */
  byCode(code: string): IndexedLicense | undefined {
    const hash = hashActivationCode(code, this.hashSecret);
    return this.licenses.find((l) => l.hash === hash);
  }

  /** The one license of the product whose code starts with `prefix`, or why there is none. */
  byPrefix(product: IndexedProduct, prefix: string): IndexedLicense | string {
    const found = this.licenses.filter((l) => l.productId === product.id && l.prefix === prefix);
    const shown = displayActivationCode(prefix);
    if (found.length === 1) return found[0]!;
    if (found.length === 0) {
      return `no ${product.name} license with activation code ${shown}: register it first (PUT /api/v1/licenses) or put the full code in the Activation Code column`;
    }
    return `${found.length} ${product.name} licenses have codes starting ${shown}: put the full code in the Activation Code column to say which`;
  }

  /** The product's only license that has usage data (not HWK), or why there is not one. */
  onlyUsable(product: IndexedProduct): IndexedLicense | string {
    const found = this.licenses.filter((l) => l.productId === product.id && l.type !== 'HWK');
    if (found.length === 1) return found[0]!;
    if (found.length === 0)
      return `${product.name} has no SUL or MUL license: register one first (PUT /api/v1/licenses)`;
    return `${product.name} has ${found.length} licenses: add an "Activation Code" column with the full code to say which`;
  }
}
