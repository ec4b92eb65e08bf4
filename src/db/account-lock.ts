import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from './sql.js';

/**
 * Takes the account's row lock until the transaction `em` is in ends. Changes that must see
 * each other (resets and undos, role removals, the first workspace link) take it first, so
 * they run one after the other per account while other accounts are not held up.
 */
export async function lockAccount(em: EntityManager, accountId: number): Promise<void> {
  await query(em, sql`select id from account where id = ${accountId} for update`);
}
