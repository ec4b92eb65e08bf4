import { basename } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { lockAccount } from '../../db/account-lock.js';
import { query, sql } from '../../db/sql.js';
import { LICENSE_TYPES, type LicenseType } from '../../domain/license.js';
import { LICENSE_STATS_COLUMNS } from '../../domain/portal-csv.js';
import { upsertLicenses } from '../license-upsert.js';
import { type CsvFormat, type CsvRow, readPortalCsv } from './csv-source.js';
import { ImportReport, type RowProblem } from './import-report.js';
import { type IndexedLicense, LicenseIndex, readCodeCell } from './license-index.js';
import { readDay } from './portal-dates.js';

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
const WHOLE = 'a whole number (0 to 999999999)';

interface StatsRow {
  product: string;
  type: LicenseType;
  seats: number;
  expiresAt: string;
  /** Activations Used and Available; null for a hardware key showing n/a. */
  activations: { used: number; available: number } | null;
  counters: number[];
}

type Problem = Omit<RowProblem, 'line'>;

const count = (cell: string): number | null | undefined =>
  /^\d{1,9}$/.test(cell) ? Number(cell) : /^(n\/a|)$/i.test(cell) ? null : undefined;

function activations(row: CsvRow, type: LicenseType): StatsRow['activations'] | Problem {
  const [used, available] = (['Activations Used', 'Activations Available'] as const).map((column) => {
    const value = count(row.get(column));
    if (value === undefined || (type !== 'HWK' && value === null)) {
      return { column, message: `"${row.get(column)}" is not ${WHOLE}` };
    }
    return value;
  }) as [number | null | Problem, number | null | Problem];
  if (used !== null && typeof used === 'object') return used;
  if (available !== null && typeof available === 'object') return available;
  if (used === null || available === null) return null;
  return { used, available };
}

/** Reads and checks one row: the stats to store, or the first problem of the row. */
function readRow(row: CsvRow): StatsRow | Problem {
  const product = row.get('Product').trim();
  if (!product) return { column: 'Product', message: 'is empty: write the product name (AGi32, Toolbox…)' };
  if ([...product].length > 200) return { column: 'Product', message: 'must be at most 200 characters' };
  const type = row.get('Type').trim().toUpperCase() as LicenseType;
  if (!LICENSE_TYPES.includes(type)) {
    return { column: 'Type', message: `"${row.get('Type')}" is not one of ${LICENSE_TYPES.join(', ')}` };
  }
  const licenses = /^(\d{1,6})(?:\s*\(?(SUL|MUL|HWK)\)?)?$/i.exec(row.get('Licenses'));
  if (!licenses || Number(licenses[1]) < 1) {
    return { column: 'Licenses', message: `"${row.get('Licenses')}" is not a number of seats (1 to 999999)` };
  }
  if (licenses[2] && licenses[2].toUpperCase() !== type) {
    return { column: 'Licenses', message: `says ${licenses[2].toUpperCase()} but Type says ${type}: correct one` };
  }
  const status = /^Expire[sd]\s+(\S+)$/i.exec(row.get('Status'));
  if (!status) {
    return { column: 'Status', message: `"${row.get('Status')}" is not "Expires YYYY-MM-DD" or "Expired YYYY-MM-DD"` };
  }
  const expiresAt = readDay(status[1]!);
  if (typeof expiresAt !== 'string') return { column: 'Status', message: expiresAt.problem };
  const used = activations(row, type);
  if (used && 'message' in used) return used;
  const counters: number[] = [];
  for (const name of COUNTERS) {
    const value = count(row.get(name));
    const applies = !NOT_APPLICABLE[type].includes(name);
    if (value === undefined || (applies && value === null)) {
      return { column: name, message: `"${row.get(name)}" is not ${WHOLE}${applies ? '' : ' or n/a'}` };
    }
    if (!applies && value) {
      return { column: name, message: `must be 0 or n/a for a ${type} license (it does not apply), not ${value}` };
    }
    counters.push(value ?? 0);
  }
  const [, limited, declined, , takeDenied] = counters as [number, number, number, number, number, number];
  if (limited < declined) {
    return {
      column: 'Limited Access',
      message: `${limited} is less than Declined Access (${declined}); Limited Access includes the declined ones`,
    };
  }
  if (declined < takeDenied) {
    return {
      column: 'Declined Access',
      message: `${declined} is less than Take Denied (${takeDenied}); Declined Access includes the take denials`,
    };
  }
  return { product, type, seats: Number(licenses[1]), expiresAt, activations: used, counters };
}

interface Stored {
  counters: number[];
  baselineAt: Date | null;
  allowed: number;
  unlisted: number;
  /** Activations stored (not deactivated). */
  listed: number;
}

/**
 * Stores the row on its license: the counters become the baseline (later events add to
 * them) and Activations Used / Available become what LicBot counts (docs/numbers.md,
 * Activations). What did not change is left alone, its baseline time too: a row that
 * changes nothing is a duplicate of an earlier import.
 */
async function store(
  em: EntityManager,
  accountId: number,
  licenseId: number,
  stats: StatsRow,
  at: Date,
): Promise<'stored' | 'updated' | 'duplicates'> {
  // Locked like an activation locks it, so the activations counted here stay counted.
  const [old] = await query<Stored>(
    em,
    sql`select array[baseline_full, baseline_limited, baseline_declined, baseline_takes, baseline_take_denied,
              baseline_checkouts] as counters, baseline_at as "baselineAt", activations_allowed as allowed,
              activations_unlisted as unlisted,
              (select count(*)::int from activation a where a.license_id = l.id and a.deactivated_at is null) as listed
         from license l where id = ${licenseId} and account_id = ${accountId} for update`,
  );
  if (!old) throw new Error(`license ${licenseId} vanished during the import`);
  const countersChanged = old.baselineAt === null || old.counters.some((n, i) => n !== stats.counters[i]);
  const allowed = stats.activations ? stats.activations.used + stats.activations.available : old.allowed;
  const unlisted = stats.activations ? Math.max(0, stats.activations.used - old.listed) : old.unlisted;
  const activationsChanged = allowed !== old.allowed || unlisted !== old.unlisted;
  if (!countersChanged && !activationsChanged) return 'duplicates';
  const [full, limited, declined, takes, takeDenied, checkouts] = stats.counters;
  const baseline = countersChanged
    ? sql`, baseline_full = ${full}, baseline_limited = ${limited}, baseline_declined = ${declined},
          baseline_takes = ${takes}, baseline_take_denied = ${takeDenied}, baseline_checkouts = ${checkouts},
          baseline_at = ${at}`
    : sql``;
  await query(
    em,
    sql`update license set activations_allowed = ${allowed}, activations_unlisted = ${unlisted}, updated_at = now()
          ${baseline}
        where id = ${licenseId} and account_id = ${accountId}`,
  );
  return old.baselineAt === null ? 'stored' : 'updated';
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
  const activationsAllowed = stats.activations ? stats.activations.used + stats.activations.available : 0;
  const [created] = await upsertLicenses(
    em,
    accountId,
    [{ ...stats, activationsAllowed, activationCode: cell.code }],
    hashSecret,
  );
  const { license } = created!;
  index.addProduct({ id: license.product.id, name: stats.product });
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

/** Matches a checked row to its license; a problem when it names none, another product's or one seen before. */
async function licenseOf(
  em: EntityManager,
  accountId: number,
  index: LicenseIndex,
  row: CsvRow,
  stats: StatsRow,
  options: { hashSecret: string; seen: Map<number, number> },
): Promise<IndexedLicense | Problem> {
  const column = 'Activation Code';
  const product = index.product(stats.product);
  const license = await findOrCreate(em, accountId, index, stats, row.get(column), options.hashSecret);
  if (typeof license === 'string') return { column, message: license };
  if (product && license.productId !== product.id) {
    return { column, message: `this activation code belongs to another product than ${stats.product}` };
  }
  if (license.type !== stats.type) {
    return { column: 'Type', message: `${stats.type} does not match the registered ${license.type} license` };
  }
  const earlier = options.seen.get(license.id);
  if (earlier !== undefined) return { column, message: `names the same license as line ${earlier}: keep one of them` };
  options.seen.set(license.id, row.line);
  return license;
}

/**
 * Imports the portal's License Stats export: each row's counters become the baseline of the
 * license it names (matched by product and the shown AC prefix, or by a full code, which may
 * also create the license), and its Activations Used / Available what LicBot counts. All or
 * nothing: one bad row refuses the file (an `ImportRefused` listing the rows to fix) and
 * nothing is stored. Safe to run twice: the second run skips every row as a duplicate.
 */
export async function importLicenseStats(
  em: EntityManager,
  accountId: number,
  path: string,
  options: { hashSecret: string; now?: Date },
): Promise<ImportReport> {
  const report = new ImportReport(basename(path), LICENSE_STATS_FORMAT.kind);
  const now = options.now ?? new Date();
  return em.transactional(async (tx) => {
    // Baselines and resets must see each other in order (docs/numbers.md, Reset).
    await lockAccount(tx, accountId);
    const index = await LicenseIndex.load(tx, accountId, options.hashSecret);
    const seen = new Map<number, number>();
    for await (const row of readPortalCsv(path, LICENSE_STATS_FORMAT, report)) {
      const stats = readRow(row);
      const license =
        'message' in stats ? stats : await licenseOf(tx, accountId, index, row, stats, { ...options, seen });
      if ('message' in license) report.problem(row.line, license.column, license.message);
      // Stored as it goes: the file is one row per license, and a problem later rolls it all back.
      else if (!report.problemCount && !('message' in stats)) {
        report.count(stats.type, await store(tx, accountId, license.id, stats, now));
      }
    }
    if (report.problemCount) throw report.refusal();
    return report;
  });
}
