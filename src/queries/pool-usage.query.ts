import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import { peakConcurrency } from '../domain/concurrency.js';
import { type FlagWindow, isUnderusedPool, seatHourUtilization, type UnderusedPoolFlag } from '../domain/flags.js';
import { codeLabels } from './code-labels.query.js';

/** Peak concurrency and used seat-hours of one MUL pool over a window. */
export interface PoolUsage {
  licenseId: number;
  productName: string;
  acPrefix: string;
  /** How its code is shown (see code-labels.ts). */
  codeLabel: string;
  seats: number;
  peak: number;
  peakAt: Date | null;
  usedSeconds: number;
}

/**
 * Exact peak concurrent sessions per MUL license over [from, to): every session overlapping
 * the window is clipped to it (open ones run to `to`) and swept by peakConcurrency. The
 * sweep runs here rather than as a window function in SQL: sorting two number arrays per
 * license is far cheaper than Postgres sorting the points on disk.
 */
export async function poolUsage(em: EntityManager, accountId: number, window: FlagWindow): Promise<PoolUsage[]> {
  const pools = await query<{ id: number; product_name: string; ac_prefix: string; seats: number }>(
    em,
    sql`select l.id, p.name as product_name, l.ac_prefix, l.seats from license l join product p on p.id = l.product_id
    where l.account_id = ${accountId} and l.type = 'MUL' order by p.position, l.ac_prefix, l.id`,
  );
  const intervals = await query<{ license_id: number; a: number; b: number }>(
    em,
    sql`select s.license_id, ${epochMs('s.started_at')} as a, ${epochMs('s.ended_at')} as b
    from session s
    where s.account_id = ${accountId}
      and s.license_id in (select id from license where account_id = ${accountId} and type = 'MUL')
      and s.started_at < ${window.to} and (s.ended_at is null or s.ended_at > ${window.from})`,
  );
  const from = window.from.getTime();
  const to = window.to.getTime();
  const byLicense = new Map<number, { starts: number[]; ends: number[] }>();
  for (const r of intervals) {
    let entry = byLicense.get(r.license_id);
    if (!entry) {
      entry = { starts: [], ends: [] };
      byLicense.set(r.license_id, entry);
    }
    entry.starts.push(Math.max(r.a, from));
    entry.ends.push(Math.min(r.b ?? to, to));
  }
  const label = await codeLabels(em, accountId);
  return pools.map((pool) => {
    const entry = byLicense.get(pool.id);
    const usage = peakConcurrency(entry?.starts ?? [], entry?.ends ?? []);
    return {
      licenseId: pool.id,
      productName: pool.product_name,
      acPrefix: pool.ac_prefix,
      codeLabel: label(pool.id, pool.ac_prefix),
      seats: pool.seats,
      peak: usage.peak,
      peakAt: usage.peakAt === null ? null : new Date(usage.peakAt),
      usedSeconds: usage.busyMs / 1000,
    };
  });
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
      codeLabel: u.codeLabel,
      seats: u.seats,
      peak: u.peak,
      peakAt: u.peakAt,
      usedHours: u.usedSeconds / 3600,
      capacityHours: (u.seats * (window.to.getTime() - window.from.getTime())) / 3_600_000,
      utilization: seatHourUtilization(u.usedSeconds, u.seats, window),
      window,
    }));
}
