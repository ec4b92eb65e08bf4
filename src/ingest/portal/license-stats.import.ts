import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../../db/sql.js';
import { LICENSE_TYPES, type LicenseType } from '../../domain/license.js';
import { LICENSE_STATS_COLUMNS } from '../../domain/portal-csv.js';
import { upsertLicenses } from '../license-upsert.js';
import { type CsvFormat, type CsvRow, readPortalCsv } from './csv-source.js';
import { ImportReport } from './import-report.js';
import { type IndexedLicense, LicenseIndex, readCodeCell } from './license-index.js';

export const LICENSE_STATS_FORMAT: CsvFormat = {
  kind: 'License Stats export',
  required: LICENSE_STATS_COLUMNS,
  otherKind: {
    column: 'Duration Seconds',
    hint: 'It looks like a Session History export: use `licbot import sessions`.',
  },
};

const COUNTERS = ['Full Access', 'Limited Access', 'Declined Access', 'Takes', 'Take Denied', 'Checkouts'] as const;
/** Counters that are always 0 for a type (docs/numbers.md, Usage counters); the portal may show them as 0 or n/a. */
const NOT_APPLICABLE: Record<LicenseType, readonly string[]> = {
  SUL: ['Checkouts'],
  MUL: ['Takes', 'Take Denied'],
  HWK: COUNTERS,
};

interface StatsRow {
  product: string;
  type: LicenseType;
  seats: number;
  expiresAt: string;
  activationsAllowed: number;
  counters: number[];
}

const count = (cell: string): number | null | undefined =>
  /^\d{1,9}$/.test(cell) ? Number(cell) : /^(n\/a|)$/i.test(cell) ? null : undefined;

/** Reads and checks one row; a string is the reason it is rejected. */
function readRow(row: CsvRow): StatsRow | string {
  const product = row.get('Product');
  if (!product) return 'Product is empty';
  const type = row.get('Type').toUpperCase() as LicenseType;
  if (!LICENSE_TYPES.includes(type)) return `Type "${row.get('Type')}" is not one of ${LICENSE_TYPES.join(', ')}`;
  const licenses = /^(\d{1,6})(?:\s*\(?(SUL|MUL|HWK)\)?)?$/i.exec(row.get('Licenses'));
  if (!licenses || Number(licenses[1]) < 1)
    return `Licenses "${row.get('Licenses')}" is not a number of seats (1 or more)`;
  if (licenses[2] && licenses[2].toUpperCase() !== type) return `Licenses says ${licenses[2]} but Type says ${type}`;
  const status = /^Expire[sd]\s+(\d{4}-\d{2}-\d{2})$/i.exec(row.get('Status'));
  const expiresAt = status?.[1];
  if (!expiresAt || Number.isNaN(Date.parse(expiresAt)) || new Date(expiresAt).toISOString().slice(0, 10) !== expiresAt)
    return `Status "${row.get('Status')}" is not "Expires YYYY-MM-DD" or "Expired YYYY-MM-DD"`;
  const used = count(row.get('Activations Used'));
  const available = count(row.get('Activations Available'));
  if (used === undefined || available === undefined || (type !== 'HWK' && (used === null || available === null)))
    return 'Activations Used and Activations Available must be whole numbers';
  const counters: number[] = [];
  for (const name of COUNTERS) {
    const value = count(row.get(name));
    const applies = !NOT_APPLICABLE[type].includes(name);
    if (value === undefined || (applies && value === null)) return `${name} "${row.get(name)}" is not a whole number`;
    if (!applies && value) return `${name} must be 0 or n/a for a ${type} license (it does not apply), not ${value}`;
    counters.push(value ?? 0);
  }
  const [, limited, declined, , takeDenied] = counters as [number, number, number, number, number, number];
  if (limited < declined) return `Limited Access (${limited}) is less than Declined Access (${declined})`;
  if (declined < takeDenied) return `Declined Access (${declined}) is less than Take Denied (${takeDenied})`;
  const activationsAllowed = (used ?? 0) + (available ?? 0);
  return { product, type, seats: Number(licenses[1]), expiresAt, activationsAllowed, counters };
}

/**
 * Stores the row's counters as the license's baseline (later events add to it). Unchanged
 * counters leave the baseline and its time alone: the row is a duplicate of an earlier import.
 */
async function storeBaseline(em: EntityManager, accountId: number, licenseId: number, counters: number[], at: Date) {
  const [full, limited, declined, takes, takeDenied, checkouts] = counters;
  const rows = await query(
    em,
    sql`update license set baseline_full = ${full}, baseline_limited = ${limited}, baseline_declined = ${declined},
            baseline_takes = ${takes}, baseline_take_denied = ${takeDenied}, baseline_checkouts = ${checkouts},
            baseline_at = ${at}, updated_at = now()
      where id = ${licenseId} and account_id = ${accountId}
        and (baseline_at is null or (baseline_full, baseline_limited, baseline_declined, baseline_takes,
             baseline_take_denied, baseline_checkouts) is distinct from
             (${full}::int, ${limited}::int, ${declined}::int, ${takes}::int, ${takeDenied}::int, ${checkouts}::int))
      returning id`,
  );
  return rows.length > 0;
}

/** The license a row names, created when the row has a full code nobody registered yet. */
async function findOrCreate(
  em: EntityManager,
  accountId: number,
  index: LicenseIndex,
  stats: StatsRow,
  codeCell: string,
  hashSecret: string,
): Promise<IndexedLicense | string> {
  const product = index.product(stats.product);
  const cell = readCodeCell(codeCell);
  if ('invalid' in cell) return cell.invalid;
  if ('prefix' in cell) return product ? index.byPrefix(product, cell.prefix) : index.unknownProduct(stats.product);
  const found = index.byCode(cell.code);
  if (found) return product ? found : index.unknownProduct(stats.product);
  const [created] = await upsertLicenses(em, accountId, [{ ...stats, activationCode: cell.code }], hashSecret);
  const { license } = created!;
  index.addProduct({ id: license.product.id, name: stats.product.trim() });
  const indexed = {
    id: license.id,
    productId: license.product.id,
    type: stats.type,
    prefix: license.acPrefix,
    hash: license.acHash,
  };
  index.add(indexed);
  return indexed;
}

/**
 * Imports the portal's License Stats export: each row's counters become the baseline of the
 * license it names (matched by product and the shown AC prefix, or by a full code, which may
 * also create the license). Safe to run twice: the second run skips every row as a duplicate.
 */
export async function importLicenseStats(
  em: EntityManager,
  accountId: number,
  path: string,
  options: { hashSecret: string; now?: Date },
): Promise<ImportReport> {
  const report = new ImportReport();
  const now = options.now ?? new Date();
  const index = await LicenseIndex.load(em, accountId, options.hashSecret);
  const seen = new Map<number, number>();
  for await (const row of readPortalCsv(path, LICENSE_STATS_FORMAT, (line, reason) => report.reject(line, reason))) {
    const stats = readRow(row);
    if (typeof stats === 'string') {
      report.reject(row.line, stats);
      continue;
    }
    const product = index.product(stats.product);
    const license = await findOrCreate(em, accountId, index, stats, row.get('Activation Code'), options.hashSecret);
    if (typeof license === 'string') {
      report.reject(row.line, license);
      continue;
    }
    if (product && license.productId !== product.id) {
      report.reject(row.line, `this activation code belongs to another product than ${stats.product}`);
      continue;
    }
    if (license.type !== stats.type) {
      report.reject(row.line, `Type ${stats.type} does not match the registered ${license.type} license`);
      continue;
    }
    const earlier = seen.get(license.id);
    if (earlier !== undefined) {
      report.reject(row.line, `the same license as line ${earlier}`);
      continue;
    }
    seen.set(license.id, row.line);
    if (await storeBaseline(em, accountId, license.id, stats.counters, now)) report.imported++;
    else report.skipped++;
  }
  return report;
}
