import type { EntityManager } from '@mikro-orm/postgresql';
import { type ProductRef, resolveProduct } from '../queries/products.query.js';

/** The product named by the remaining words (names may have spaces: `photometric power`). */
export async function productFromWords(
  em: EntityManager,
  accountId: number,
  words: readonly string[],
): Promise<ProductRef | undefined> {
  if (words.length === 0) return undefined;
  return resolveProduct(em, accountId, words.join(' '));
}
