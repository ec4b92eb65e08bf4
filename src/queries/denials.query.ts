import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { type DenialFlag, type FlagWindow, isFrequentDenials, suggestedExtraSeats } from '../domain/flags.js';
import type { LicenseType } from '../domain/license.js';
import { codeLabels } from './code-labels.query.js';

/**
 * Licenses whose Declined Access (modes declined + take_denied) within the window reached
 * the threshold. The window is real time, independent of resets: a reset clears the counters
 * people see, not the fact that people were turned away this week. Distinct denied users are
 * counted per clock hour in the account's zone for the suggested extra seats.
 */
export async function frequentDenials(
  em: EntityManager,
  accountId: number,
  window: FlagWindow,
  threshold: number,
  zone: string,
): Promise<DenialFlag[]> {
  const inWindow = sql`e.license_id = c.license_id and e.mode in ('declined', 'take_denied')
    and e.occurred_at >= ${window.from} and e.occurred_at < ${window.to}`;
  const rows = await query<{
    license_id: number;
    type: LicenseType;
    seats: number;
    ac_prefix: string;
    product_name: string;
    declined: number;
    users: number;
    peak_users: number;
  }>(
    em,
    sql`with counted as (
      select l.id as license_id, l.type, l.seats, l.ac_prefix, p.name as product_name, p.position, n.declined
      from license l join product p on p.id = l.product_id
      cross join lateral (
        select count(*)::int as declined from access_event e
        where e.license_id = l.id and e.mode in ('declined', 'take_denied')
          and e.occurred_at >= ${window.from} and e.occurred_at < ${window.to}
      ) n
      where l.account_id = ${accountId} and l.type <> 'HWK' and n.declined >= ${threshold}
    )
    select c.*, u.users, h.peak_users from counted c
    cross join lateral (select count(distinct e.user_email)::int as users from access_event e where ${inWindow}) u
    cross join lateral (
      select coalesce(max(n), 0)::int as peak_users from (
        select count(distinct e.user_email) as n from access_event e where ${inWindow}
        group by date_trunc('hour', e.occurred_at at time zone ${zone})
      ) per_hour
    ) h
    order by c.declined desc, c.position, c.ac_prefix, c.license_id`,
  );
  const label = await codeLabels(em, accountId);
  return rows
    .filter((r) => isFrequentDenials(r.declined, threshold))
    .map((r) => ({
      kind: 'frequent_denials',
      productName: r.product_name,
      licenseId: r.license_id,
      acPrefix: r.ac_prefix,
      codeLabel: label(r.license_id, r.ac_prefix),
      licenseType: r.type,
      seats: r.seats,
      declined: r.declined,
      threshold,
      deniedUsers: r.users,
      peakDeniedUsers: r.peak_users,
      suggestedExtraSeats: suggestedExtraSeats(r.peak_users),
      window,
    }));
}
