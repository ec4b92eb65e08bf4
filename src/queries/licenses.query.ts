import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { AC_HINT_MAX } from '../domain/code-labels.js';
import { AC_PREFIX_LENGTH, codePoints, displayActivationCode, normalizeActivationCode } from '../domain/license.js';
import { UserError } from '../errors.js';
import { codeLabels } from './code-labels.query.js';

/**
 * The one license with usage counters whose activation code starts with the typed prefix
 * (only prefixes are ever shown, so that is what people can type), for a reset. HWK
 * licenses have no counters and are left out. Past five characters the prefix is compared
 * with each license's longer stored prefix (docs/numbers.md, Activation code), which tells
 * apart codes sharing their first five. Several matches are listed as `licbot stats` shows
 * them, with what tells them apart.
 */
export async function resolveLicenseByPrefix(
  em: EntityManager,
  accountId: number,
  prefix: string,
  productId?: number,
): Promise<{ id: number; productName: string; acPrefix: string }> {
  const typed = normalizeActivationCode(prefix);
  const wanted = codePoints(typed, AC_PREFIX_LENGTH);
  const longer = codePoints(typed, AC_HINT_MAX);
  if (wanted.length === 0) throw new UserError('Give the first characters of an activation code.');
  const rows = await query<{
    id: number;
    product_name: string;
    ac_prefix: string;
    ac_hint: string | null;
    type: string;
  }>(
    em,
    sql`select l.id, p.name as product_name, l.ac_prefix, l.ac_hint, l.type from license l join product p on p.id = l.product_id
    where l.account_id = ${accountId} and l.ac_prefix like ${`${wanted.replace(/[\\%_]/g, '\\$&')}%`}
      ${productId === undefined ? sql`` : sql`and l.product_id = ${productId}`}
    order by p.position, l.ac_prefix, l.id`,
  );
  // A license stored before hints existed cannot be told apart by more characters: it stays.
  const matching = rows.filter(
    (r) =>
      longer.length <= AC_PREFIX_LENGTH || !r.ac_hint || r.ac_hint.startsWith(longer) || longer.startsWith(r.ac_hint),
  );
  const counted = matching.filter((r) => r.type !== 'HWK');
  const [only] = counted;
  if (counted.length === 1 && only) return { id: only.id, productName: only.product_name, acPrefix: only.ac_prefix };
  const label = await codeLabels(em, accountId);
  const named = (r: (typeof rows)[number]) => `${r.product_name} ${r.type} ${label(r.id, r.ac_prefix)}`;
  if (counted.length === 0) {
    if (matching.length)
      throw new UserError(
        `${matching.map(named).join(', ')} ${matching.length === 1 ? 'is a hardware key (HWK) license' : 'are hardware key (HWK) licenses'}: no usage counters to reset.`,
      );
    throw new UserError(
      `No license with an activation code starting ${displayActivationCode(typed)}.`,
      'See `licbot stats --format csv`.',
    );
  }
  const products = new Set(counted.map((r) => r.product_name));
  const [product] = products;
  throw new UserError(
    `${counted.length} licenses with counters start with ${displayActivationCode(typed)}: ${counted.map(named).join(', ')}.`,
    products.size === 1
      ? `Type more of the code as listed to pick one, or reset all of ${product} with --product "${product}".`
      : 'Add --product, or type more of the code as listed.',
  );
}
