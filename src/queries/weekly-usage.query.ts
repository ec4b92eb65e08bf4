import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import {
  durationSql,
  historyCtes,
  NOT_DEACTIVATED,
  type SessionFilters,
  sessionsInWindow,
} from './session-history.query.js';

/**
 * The usage figures of a weekly report. Both queries apply the session history's own rules
 * (historyCtes, sessionsInWindow, the deactivated-user exclusion and durationSql), so their
 * totals are exactly the sums of the condensed view of the same window and `now`.
 */

/** Sessions and seconds of one product in a window. */
export interface ProductUsageRow {
  productId: number;
  productName: string;
  /** Catalogue position, for ordering. */
  position: number;
  sessions: number;
  activeSessions: number;
  /** Distinct users (emails). */
  users: number;
  /** Whole seconds; active sessions counted up to the filters' `now`. */
  seconds: number;
}

/** Per product, in catalogue order; only products with sessions in the window. */
export async function productUsage(
  em: EntityManager,
  accountId: number,
  filters: SessionFilters,
): Promise<ProductUsageRow[]> {
  const rows = await query<{
    product_id: number;
    product_name: string;
    position: number;
    sessions: number;
    active: number;
    users: number;
    seconds: number;
  }>(
    em,
    sql`${historyCtes(accountId, filters)}, grouped as (
      select s.product_id, count(*)::int as sessions,
        count(*) filter (where s.ended_at is null)::int as active,
        count(distinct s.user_email)::int as users,
        extract(epoch from sum(${durationSql(filters.now)}))::float8 as seconds
      from session s where ${sessionsInWindow(accountId, filters)} and ${NOT_DEACTIVATED}
      group by s.product_id
    )
    select g.*, p.name as product_name, p.position from grouped g join product p on p.id = g.product_id
    order by p.position, p.id`,
  );
  return rows.map((r) => ({
    productId: r.product_id,
    productName: r.product_name,
    position: r.position,
    sessions: r.sessions,
    activeSessions: r.active,
    users: r.users,
    seconds: r.seconds,
  }));
}

/** One user's usage over every product of the window. */
export interface TopUserRow {
  userEmail: string;
  /** The products they used, in catalogue order. */
  products: string[];
  sessions: number;
  seconds: number;
}

export interface TopUsers {
  rows: TopUserRow[];
  /** Distinct users in the window (all of them, not only the rows returned). */
  totalUsers: number;
}

/**
 * The users with the most session time in the window, most first (ties: more sessions, then
 * email ascending). Grouped by (user, product) first, like the condensed view, so the
 * deactivated exclusion drops exactly the pairs that view drops.
 */
export async function topUsersBySeconds(
  em: EntityManager,
  accountId: number,
  filters: SessionFilters,
  limit: number,
): Promise<TopUsers> {
  const rows = await query<{
    user_email: string;
    products: string[];
    sessions: number;
    seconds: number;
    total_users: number;
  }>(
    em,
    sql`${historyCtes(accountId, filters)}, pairs as (
      select s.user_email, s.product_id, count(*)::int as sessions,
        extract(epoch from sum(${durationSql(filters.now)}))::float8 as seconds
      from session s where ${sessionsInWindow(accountId, filters)}
      group by s.user_email, s.product_id
    ), users as (
      select pr.user_email, array_agg(p.name order by p.position, p.id) as products,
        sum(pr.sessions)::int as sessions, sum(pr.seconds)::float8 as seconds
      from pairs pr join product p on p.id = pr.product_id
      where not exists (select 1 from deactivated d where d.email = pr.user_email and d.product_id = pr.product_id)
      group by pr.user_email
    )
    select u.*, count(*) over ()::int as total_users from users u
    order by u.seconds desc, u.sessions desc, u.user_email
    limit ${limit}`,
  );
  return {
    rows: rows.map((r) => ({
      userEmail: r.user_email,
      products: r.products,
      sessions: r.sessions,
      seconds: r.seconds,
    })),
    totalUsers: rows[0]?.total_users ?? 0,
  };
}
