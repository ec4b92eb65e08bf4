import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import type { FlagWindow } from '../domain/flags.js';
import type { LicenseType } from '../domain/license.js';
import { codeLabels } from './code-labels.query.js';

export interface DeniedUsers {
  /** Distinct users declined on the license in the window. */
  total: number;
  /** The most declined first, at most `limit` of them. */
  users: { email: string; declined: number }[];
}

/**
 * Who was turned away on one license in the window (modes declined + take_denied, as Declined
 * Access counts them), most often first. Reads the (license_id, occurred_at) index.
 */
export async function deniedUsers(
  em: EntityManager,
  accountId: number,
  licenseId: number,
  window: FlagWindow,
  limit: number,
): Promise<DeniedUsers> {
  const rows = await query<{ user_email: string; declined: number; total: number }>(
    em,
    sql`select e.user_email, count(*)::int as declined, (count(*) over ())::int as total
    from access_event e
    where e.account_id = ${accountId} and e.license_id = ${licenseId} and e.mode in ('declined', 'take_denied')
      and e.occurred_at >= ${window.from} and e.occurred_at < ${window.to}
    group by e.user_email
    order by declined desc, e.user_email
    limit ${limit}`,
  );
  return { total: rows[0]?.total ?? 0, users: rows.map((r) => ({ email: r.user_email, declined: r.declined })) };
}

export interface ExpiringLicense {
  licenseId: number;
  productName: string;
  acPrefix: string;
  /** How its code is shown (see code-labels.ts). */
  codeLabel: string;
  type: LicenseType;
  seats: number;
  /** `YYYY-MM-DD`: the last day the license can be used. */
  expiresOn: string;
}

/** Every license (HWK included: hardware keys expire too) expiring on a day in [first, last]. */
export async function licensesExpiringBetween(
  em: EntityManager,
  accountId: number,
  first: string,
  last: string,
): Promise<ExpiringLicense[]> {
  const rows = await query<{
    id: number;
    product_name: string;
    ac_prefix: string;
    type: LicenseType;
    seats: number;
    expires_on: string;
  }>(
    em,
    sql`select l.id, p.name as product_name, l.ac_prefix, l.type, l.seats, to_char(l.expires_at, 'YYYY-MM-DD') as expires_on
    from license l join product p on p.id = l.product_id
    where l.account_id = ${accountId} and l.expires_at between ${first}::date and ${last}::date
    order by l.expires_at, p.position, l.ac_prefix, l.id`,
  );
  const label = await codeLabels(em, accountId);
  return rows.map((r) => ({
    licenseId: r.id,
    productName: r.product_name,
    acPrefix: r.ac_prefix,
    codeLabel: label(r.id, r.ac_prefix),
    type: r.type,
    seats: r.seats,
    expiresOn: r.expires_on,
  }));
}
