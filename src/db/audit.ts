import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from './sql.js';

/**
 * Records who changed what in the account's audit log. Written at once (not at the next
 * flush), so it commits or rolls back with the change it describes when both run in one
 * transaction.
 */
export async function audit(
  em: EntityManager,
  accountId: number,
  actor: string,
  action: string,
  details: Record<string, unknown>,
): Promise<void> {
  await query(
    em,
    sql`insert into audit_log (account_id, actor, action, details)
      values (${accountId}, ${actor}, ${action}, ${JSON.stringify(details)}::jsonb)`,
  );
}
