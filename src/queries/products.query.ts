import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { matchProduct } from '../domain/product-match.js';
import { UserError } from '../errors.js';

export interface ProductRef {
  id: number;
  name: string;
  position: number;
}

/** The account's products in catalogue order. */
export async function listProducts(em: EntityManager, accountId: number): Promise<ProductRef[]> {
  return query<ProductRef>(
    em,
    sql`select id, name, position from product where account_id = ${accountId} order by position, id`,
  );
}

/**
 * The product someone named, matched case-insensitively and by unique prefix; otherwise a
 * UserError that lists the valid names.
 */
export async function resolveProduct(em: EntityManager, accountId: number, input: string): Promise<ProductRef> {
  const products = await listProducts(em, accountId);
  const match = matchProduct(
    input,
    products.map((p) => p.name),
  );
  if (match.kind === 'exact') return products.find((p) => p.name === match.name)!;
  if (match.kind === 'ambiguous') {
    throw new UserError(
      `"${input}" matches more than one product: ${match.candidates.join(', ')}.`,
      `Type more of the name. Products: ${match.choices.join(', ')}.`,
    );
  }
  throw new UserError(
    `No product "${input}".`,
    match.choices.length ? `Products: ${match.choices.join(', ')}.` : 'This account has no products yet.',
  );
}
