import { type Counters, licenseCounters, type ModeCounts } from '../domain/counters.js';
import type { LicenseType } from '../domain/license.js';
import { empty, intArray, type Sql, sql } from './sql.js';
import { dateOf, epochMs } from './sql-time.js';

/**
 * Counting since the last reset, shared by the stats (read side) and the reset (write side,
 * which records the counters just before it), so both always agree.
 *
 * Per license, counting starts at the later of its last reset that was not undone and its
 * imported portal baseline; only events that *occurred* after that start count (one that
 * arrives late but occurred before a reset stays out). When the baseline is the later one
 * (or there was no reset), its imported counters are added.
 *
 * Whole UTC days after the start come from access_event_daily (kept by triggers); the rest
 * of the start's own day is an index-only range scan of access_event_license_occurred_idx
 * (license_id, occurred_at) include (mode). So a stats query reads a few rows per license
 * and day instead of every event.
 */
export interface CountingScope {
  accountId: number;
  productId?: number;
  licenseIds?: number[];
  /** Count only events that occurred up to this reset's instant (the counters just before it). */
  upToResetId?: number;
}

export function licenseModeCountsSql(scope: CountingScope): Sql {
  // Before a reset, events that occurred after its instant (clock skew) are taken back out.
  const after =
    scope.upToResetId === undefined
      ? empty
      : sql`union all
        select e.mode, -1 from access_event e
        where e.license_id = l.id
          and e.occurred_at > greatest(s.start, (select at from stats_reset where id = ${scope.upToResetId}))`;
  const product = scope.productId === undefined ? empty : sql`and l.product_id = ${scope.productId}`;
  const ids = scope.licenseIds === undefined ? empty : sql`and l.id = any(${intArray(scope.licenseIds)}::int[])`;
  return sql`select l.id as license_id, l.type, ${epochMs('r.reset_at')} as reset_ms,
    ${epochMs('l.baseline_at')} as baseline_ms,
    (r.reset_at is null or coalesce(l.baseline_at > r.reset_at, false)) as use_baseline,
    l.baseline_full, l.baseline_limited, l.baseline_declined, l.baseline_takes, l.baseline_take_denied,
    l.baseline_checkouts, m.m_full, m.m_limited, m.m_declined, m.m_take, m.m_take_denied, m.m_checkout
  from license l
  left join lateral (
    select max(sr.at) as reset_at
    from stats_reset_license srl join stats_reset sr on sr.id = srl.reset_id
    where srl.license_id = l.id and sr.undone_at is null
  ) r on true
  cross join lateral (
    select coalesce(greatest(r.reset_at, l.baseline_at), '-infinity'::timestamptz) as start,
      (coalesce(greatest(r.reset_at, l.baseline_at), '-infinity'::timestamptz) at time zone 'UTC')::date as start_day
  ) s
  left join lateral (
    select coalesce(sum(x.n) filter (where x.mode = 'full'), 0)::int as m_full,
      coalesce(sum(x.n) filter (where x.mode = 'limited'), 0)::int as m_limited,
      coalesce(sum(x.n) filter (where x.mode = 'declined'), 0)::int as m_declined,
      coalesce(sum(x.n) filter (where x.mode = 'take'), 0)::int as m_take,
      coalesce(sum(x.n) filter (where x.mode = 'take_denied'), 0)::int as m_take_denied,
      coalesce(sum(x.n) filter (where x.mode = 'checkout'), 0)::int as m_checkout
    from (
      select d.mode, d.events as n from access_event_daily d where d.license_id = l.id and d.day > s.start_day
      union all
      select e.mode, 1 from access_event e
      where e.license_id = l.id and e.occurred_at > s.start
        and e.occurred_at < (s.start_day + 1)::timestamp at time zone 'UTC'
      ${after}
    ) x
  ) m on l.type <> 'HWK'
  where l.account_id = ${scope.accountId} ${product} ${ids}`;
}

export interface ModeCountsRow {
  license_id: number;
  type: LicenseType;
  reset_ms: number | null;
  baseline_ms: number | null;
  use_baseline: boolean;
  baseline_full: number;
  baseline_limited: number;
  baseline_declined: number;
  baseline_takes: number;
  baseline_take_denied: number;
  baseline_checkouts: number;
  m_full: number | null;
  m_limited: number | null;
  m_declined: number | null;
  m_take: number | null;
  m_take_denied: number | null;
  m_checkout: number | null;
}

/** The counters of one row of licenseModeCountsSql (null for HWK). */
export function countersOfRow(row: ModeCountsRow): Counters | null {
  const modes: ModeCounts = {
    full: row.m_full ?? 0,
    limited: row.m_limited ?? 0,
    declined: row.m_declined ?? 0,
    take: row.m_take ?? 0,
    take_denied: row.m_take_denied ?? 0,
    checkout: row.m_checkout ?? 0,
  };
  const baseline = row.use_baseline
    ? {
        full: row.baseline_full,
        limited: row.baseline_limited,
        declined: row.baseline_declined,
        takes: row.baseline_takes,
        takeDenied: row.baseline_take_denied,
        checkouts: row.baseline_checkouts,
      }
    : null;
  return licenseCounters(row.type, modes, baseline);
}

/** When counting started for a license: its last reset, or the baseline import after it. */
export function countingSince(row: ModeCountsRow): Date | null {
  return dateOf(row.use_baseline ? row.baseline_ms : row.reset_ms);
}
