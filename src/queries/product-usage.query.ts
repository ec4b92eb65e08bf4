import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import { type SeatDemand, seatDemand } from '../domain/seat-demand.js';
import { codeLabels } from './code-labels.query.js';

/** One MUL pool (of one product, or of every product) over a window: its seat demand and the accesses it declined. */
export interface PoolDemand {
  licenseId: number;
  /** `ElumTools MUL AB12C…` */
  label: string;
  seats: number;
  demand: SeatDemand;
  declined: number;
}

/**
 * The MUL pools of one product over [from, to): sessions overlapping the window, clipped to
 * it (open ones run to `to`), swept into seat demand; Declined Access events (`declined`,
 * `take_denied`) in the window counted per pool.
 */
export async function productPoolDemand(
  em: EntityManager,
  accountId: number,
  product: { id: number; name: string } | undefined,
  window: { from: Date; to: Date },
): Promise<PoolDemand[]> {
  const productFilter = product ? sql`and l.product_id = ${product.id}` : sql``;
  const pools = await query<{ id: number; ac_prefix: string; seats: number; declined: number; product_name: string }>(
    em,
    sql`select l.id, l.ac_prefix, l.seats, p.name as product_name,
      (select count(*) from access_event e where e.license_id = l.id and e.mode in ('declined', 'take_denied')
        and e.occurred_at >= ${window.from} and e.occurred_at < ${window.to})::int as declined
    from license l join product p on p.id = l.product_id
    where l.account_id = ${accountId} ${productFilter} and l.type = 'MUL'
    order by p.position, l.ac_prefix, l.id`,
  );
  if (pools.length === 0) return [];
  const intervals = await query<{ license_id: number; a: number; b: number | null }>(
    em,
    sql`select s.license_id, ${epochMs('s.started_at')} as a, ${epochMs('s.ended_at')} as b
    from session s
    where s.account_id = ${accountId} and s.license_id = any(${pools.map((p) => p.id)})
      and s.started_at < ${window.to} and (s.ended_at is null or s.ended_at > ${window.from})`,
  );
  const label = await codeLabels(em, accountId);
  const from = window.from.getTime();
  const to = window.to.getTime();
  return pools.map((pool) => {
    const mine = intervals.filter((r) => r.license_id === pool.id);
    const demand = seatDemand(
      mine.map((r) => Number(r.a)),
      mine.map((r) => (r.b === null ? to : Number(r.b))),
      from,
      to,
    );
    return {
      licenseId: pool.id,
      label: `${pool.product_name} MUL ${label(pool.id, pool.ac_prefix)}`,
      seats: pool.seats,
      demand,
      declined: pool.declined,
    };
  });
}
