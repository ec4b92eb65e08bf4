import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { activationCodePrefix, displayActivationCode } from '../domain/license.js';
import { UserError } from '../errors.js';

/**
 * The one license whose activation code starts with the given prefix (only prefixes are
 * ever shown, so that is what people can type). Two codes can share a prefix: then the
 * error lists them and asks for a product too.
 */
export async function resolveLicenseByPrefix(
  em: EntityManager,
  accountId: number,
  prefix: string,
  productId?: number,
): Promise<{ id: number; productName: string; acPrefix: string }> {
  const wanted = activationCodePrefix(prefix);
  if (wanted.length === 0) throw new UserError('Give the first characters of an activation code.');
  const rows = await query<{ id: number; product_name: string; ac_prefix: string; type: string }>(
    em,
    sql`select l.id, p.name as product_name, l.ac_prefix, l.type from license l join product p on p.id = l.product_id
    where l.account_id = ${accountId} and l.ac_prefix like ${`${wanted.replace(/[\\%_]/g, '\\$&')}%`}
      ${productId === undefined ? sql`` : sql`and l.product_id = ${productId}`}
    order by p.position, l.ac_prefix, l.id`,
  );
  const [only] = rows;
  if (rows.length === 1 && only) return { id: only.id, productName: only.product_name, acPrefix: only.ac_prefix };
  if (rows.length === 0) {
    throw new UserError(
      `No license with an activation code starting ${displayActivationCode(wanted)}.`,
      'See `licbot stats --format csv`.',
    );
  }
  throw new UserError(
    `${rows.length} licenses start with ${displayActivationCode(wanted)}: ${rows
      .map((r) => `${r.product_name} ${r.type} ${displayActivationCode(r.ac_prefix)}`)
      .join(', ')}.`,
    'Add --product, or reset the whole product.',
  );
}
