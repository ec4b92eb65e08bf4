import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { type DailyUsage, dailyUsage } from '../domain/daily-usage.js';
import { localDate } from '../domain/time-zone.js';

/**
 * One product's sessions (by the local day they started) and Declined Access events (by the
 * local day they occurred) over [from, to), every local day of the window listed.
 */
export async function productDailyUsage(
  em: EntityManager,
  accountId: number,
  productId: number,
  window: { from: Date; to: Date; zone: string },
): Promise<DailyUsage> {
  const { from, to, zone } = window;
  const sessions = await query<{ day: string; sessions: number }>(
    em,
    sql`select to_char(s.started_at at time zone ${zone}, 'YYYY-MM-DD') as day, count(*)::int as sessions
    from session s
    where s.account_id = ${accountId} and s.product_id = ${productId}
      and s.started_at >= ${from} and s.started_at < ${to}
    group by 1`,
  );
  const denials = await query<{ day: string; denials: number }>(
    em,
    sql`select to_char(e.occurred_at at time zone ${zone}, 'YYYY-MM-DD') as day, count(*)::int as denials
    from access_event e join license l on l.id = e.license_id
    where e.account_id = ${accountId} and l.account_id = ${accountId} and l.product_id = ${productId}
      and e.mode in ('declined', 'take_denied') and e.occurred_at >= ${from} and e.occurred_at < ${to}
    group by 1`,
  );
  return dailyUsage(localDate(from, zone), localDate(to.getTime() - 1, zone), [...sessions, ...denials]);
}
