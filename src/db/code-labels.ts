import type { EntityManager } from '@mikro-orm/postgresql';
import { distinctCodeLabels } from '../domain/code-labels.js';
import { displayActivationCode } from '../domain/license.js';
import { query, sql } from './sql.js';

/**
 * How each license's code is shown, for the licenses of the account whose 5-character
 * prefixes collide (usually none, so the inner query finds nothing and this stays cheap).
 * Returns a lookup: the label of a license, `AB12C…` for the rest.
 */
export async function codeLabels(
  em: EntityManager,
  accountId: number,
): Promise<(id: number, prefix: string) => string> {
  const rows = await query<{ id: number; ac_prefix: string; ac_hint: string | null }>(
    em,
    sql`select id, ac_prefix, ac_hint from license
    where account_id = ${accountId} and ac_prefix in (
      select ac_prefix from license where account_id = ${accountId} group by ac_prefix having count(*) > 1)`,
  );
  const labels = distinctCodeLabels(rows.map((r) => ({ licenseId: r.id, acPrefix: r.ac_prefix, acHint: r.ac_hint })));
  return (id, prefix) => labels.get(id) ?? displayActivationCode(prefix);
}
