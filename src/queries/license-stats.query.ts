import type { EntityManager } from '@mikro-orm/postgresql';
import { activationsUsedSql } from '../db/activations-used.sql.js';
import { countersOfRow, countingSince, licenseModeCountsSql, type ModeCountsRow } from '../db/license-counters.sql.js';
import { query, sql } from '../db/sql.js';
import { type Counters, sumCounters } from '../domain/counters.js';
import { LICENSE_TYPES, type LicenseType } from '../domain/license.js';
import { type LicenseStatus, licenseStatus, productStatus } from '../domain/license-status.js';
import { groupedWarnings, licenseIssues } from '../domain/license-warnings.js';
import { localDate } from '../domain/time-zone.js';
import { codeLabels } from './code-labels.query.js';

/** One license (activation code) as the stats table shows it (docs/numbers.md). */
export interface LicenseStatsRow {
  licenseId: number;
  productId: number;
  productName: string;
  type: LicenseType;
  seats: number;
  expiresOn: string;
  status: LicenseStatus;
  activationsAllowed: number;
  activationsUsed: number;
  /** allowed − used, never below 0. */
  activationsAvailable: number;
  acPrefix: string;
  /** `AB12C…`, or as many characters as tell it from another code with that prefix (`AB12C7…`). */
  activationCode: string;
  /** Since the last reset (or the imported baseline); null for HWK ("n/a"). */
  counters: Counters | null;
  countingSince: Date | null;
}

/** The same, summed per product. */
export interface ProductStatsRow {
  productId: number;
  productName: string;
  licenses: number;
  seatsByType: Record<LicenseType, number>;
  activationsUsed: number;
  activationsAvailable: number;
  /** The most urgent state of its licenses; `text` says how many it covers (`(1 of 3)`). */
  status: LicenseStatus & { licenses: number };
  /** Sum over SUL and MUL licenses; null when the product has only HWK. */
  counters: Counters | null;
}

export interface LicenseStatsResult {
  /** Today in the account's zone: what the statuses are relative to. */
  today: string;
  licenses: LicenseStatsRow[];
  products: ProductStatsRow[];
  /** Warnings for people, one line per license, most serious first, at most five lines. */
  notes: string[];
}

interface Row extends ModeCountsRow {
  product_id: number;
  product_name: string;
  seats: number;
  activations_allowed: number;
  expires_on: string;
  ac_prefix: string;
  activations_used: number;
}

export interface LicenseStatsOptions {
  productId?: number;
  now: Date;
  timeZone: string;
  /** Declined Access at or above this adds a "more licenses may be needed" note. */
  declinedNoteThreshold: number;
}

export async function licenseStats(
  em: EntityManager,
  accountId: number,
  options: LicenseStatsOptions,
): Promise<LicenseStatsResult> {
  const counted = licenseModeCountsSql({ accountId, productId: options.productId });
  const rows = await query<Row>(
    em,
    sql`with counted as (${counted})
    select c.*, l.product_id, p.name as product_name, l.seats, l.activations_allowed,
      to_char(l.expires_at, 'YYYY-MM-DD') as expires_on, l.ac_prefix,
      ${activationsUsedSql('l')} as activations_used
    from counted c
    join license l on l.id = c.license_id
    join product p on p.id = l.product_id
    order by p.position, p.id, array_position(array['SUL', 'MUL', 'HWK'], l.type::text), l.ac_prefix, l.id`,
  );
  const today = localDate(options.now, options.timeZone);
  const label = await codeLabels(em, accountId);
  const licenses = rows.map((r): LicenseStatsRow => {
    const counters = countersOfRow(r);
    return {
      licenseId: r.license_id,
      productId: r.product_id,
      productName: r.product_name,
      type: r.type,
      seats: r.seats,
      expiresOn: r.expires_on,
      status: licenseStatus(r.expires_on, today),
      activationsAllowed: r.activations_allowed,
      activationsUsed: r.activations_used,
      activationsAvailable: Math.max(0, r.activations_allowed - r.activations_used),
      acPrefix: r.ac_prefix,
      activationCode: label(r.license_id, r.ac_prefix),
      counters,
      countingSince: countingSince(r),
    };
  });
  const notes = groupedWarnings(
    licenses.map((l) => ({
      label: `${l.productName} ${l.type} ${l.activationCode}`,
      issues: licenseIssues({
        status: l.status,
        activationsAvailable: l.type === 'HWK' ? null : l.activationsAvailable,
        declined: l.counters?.declined ?? null,
        declinedThreshold: options.declinedNoteThreshold,
      }),
    })),
  );
  return { today, licenses, products: summarize(licenses), notes };
}

function summarize(licenses: LicenseStatsRow[]): ProductStatsRow[] {
  const byProduct = new Map<number, LicenseStatsRow[]>();
  for (const l of licenses) byProduct.set(l.productId, [...(byProduct.get(l.productId) ?? []), l]);
  return [...byProduct.values()].map((group) => {
    const first = group[0]!;
    const seatsByType = Object.fromEntries(LICENSE_TYPES.map((t) => [t, 0])) as Record<LicenseType, number>;
    for (const l of group) seatsByType[l.type] += l.seats;
    return {
      productId: first.productId,
      productName: first.productName,
      licenses: group.length,
      seatsByType,
      activationsUsed: group.reduce((n, l) => n + l.activationsUsed, 0),
      activationsAvailable: group.reduce((n, l) => n + l.activationsAvailable, 0),
      status: productStatus(group.map((l) => l.status)),
      counters: sumCounters(group.map((l) => l.counters)),
    };
  });
}
