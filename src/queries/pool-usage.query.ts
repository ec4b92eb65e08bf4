import type { EntityManager } from '@mikro-orm/postgresql';
import { query, raw, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import { type FlagWindow, isUnderusedPool, seatHourUtilization, type UnderusedPoolFlag } from '../domain/flags.js';

/** Peak concurrency and used seat-hours of one MUL pool over a window. */
export interface PoolUsage {
  licenseId: number;
  productName: string;
  acPrefix: string;
  seats: number;
  peak: number;
  peakAt: Date | null;
  usedSeconds: number;
}

/**
 * Exact peak concurrent sessions per MUL license over [from, to): every session overlapping
 * the window is clipped to it (open ones run to `to`), then a sweep over its start (+1) and
 * end (−1) points keeps a running count. At equal instants ends sort before starts, so a
 * session ending exactly when another starts does not overlap it.
 */
export async function poolUsage(em: EntityManager, accountId: number, window: FlagWindow): Promise<PoolUsage[]> {
  const rows = await query<{
    license_id: number;
    product_name: string;
    ac_prefix: string;
    seats: number;
    peak: number | null;
    peak_ms: number | null;
    used_seconds: number | null;
  }>(
    em,
    sql`with clipped as (
      select s.license_id, greatest(s.started_at, ${window.from}::timestamptz) as a,
        least(coalesce(s.ended_at, ${window.to}::timestamptz), ${window.to}::timestamptz) as b
      from session s join license l on l.id = s.license_id
      where s.account_id = ${accountId} and l.type = 'MUL'
        and s.started_at < ${window.to} and (s.ended_at is null or s.ended_at > ${window.from})
    ), points as (
      select license_id, a as t, 1 as d from clipped where b > a
      union all
      select license_id, b as t, -1 as d from clipped where b > a
    ), running as (
      select license_id, t, sum(d) over (partition by license_id order by t, d rows unbounded preceding) as c
      from points
    ), peaks as (
      select distinct on (license_id) license_id, c::int as peak, t from running order by license_id, c desc, t
    ), used as (
      select license_id, sum(extract(epoch from b - a))::float8 as used_seconds from clipped where b > a
      group by license_id
    )
    select l.id as license_id, p.name as product_name, l.ac_prefix, l.seats, pk.peak,
      ${raw(epochMs('pk.t'))} as peak_ms, u.used_seconds
    from license l join product p on p.id = l.product_id
    left join peaks pk on pk.license_id = l.id
    left join used u on u.license_id = l.id
    where l.account_id = ${accountId} and l.type = 'MUL'
    order by p.position, l.ac_prefix, l.id`,
  );
  return rows.map((r) => ({
    licenseId: r.license_id,
    productName: r.product_name,
    acPrefix: r.ac_prefix,
    seats: r.seats,
    peak: r.peak ?? 0,
    peakAt: r.peak_ms === null ? null : new Date(r.peak_ms),
    usedSeconds: r.used_seconds ?? 0,
  }));
}

/** MUL pools whose peak stayed below their seats, with the numbers behind it. */
export async function underusedPools(
  em: EntityManager,
  accountId: number,
  window: FlagWindow,
): Promise<UnderusedPoolFlag[]> {
  const usage = await poolUsage(em, accountId, window);
  return usage
    .filter((u) => isUnderusedPool(u.peak, u.seats))
    .map((u) => ({
      kind: 'underused_pool',
      productName: u.productName,
      licenseId: u.licenseId,
      acPrefix: u.acPrefix,
      seats: u.seats,
      peak: u.peak,
      peakAt: u.peakAt,
      usedHours: u.usedSeconds / 3600,
      capacityHours: (u.seats * (window.to.getTime() - window.from.getTime())) / 3_600_000,
      utilization: seatHourUtilization(u.usedSeconds, u.seats, window),
      window,
    }));
}
