import type { Readable } from 'node:stream';
import { COUNTER_LABELS, COUNTER_NAMES, type Counters } from '../domain/counters.js';
import { LICENSE_TYPES } from '../domain/license.js';
import { LICENSE_STATS_COLUMNS } from '../domain/portal-csv.js';
import type { LicenseStatsResult, LicenseStatsRow, ProductStatsRow } from '../queries/license-stats.query.js';
import { type CsvCell, csvStream } from './csv.js';
import { left, right, type Table } from './table.js';

export const STATS_CSV_HEADER = LICENSE_STATS_COLUMNS;

const NA = 'n/a';

function counterCells(counters: Counters | null): CsvCell[] {
  return COUNTER_NAMES.map((n) => (counters ? counters[n] : NA));
}

/** A license's cells in the order of the portal's License Stats columns (CSV and table alike). */
function licenseCells(l: LicenseStatsRow): CsvCell[] {
  return [
    l.productName,
    l.seats,
    l.type,
    l.status.text,
    l.activationsUsed,
    l.activationsAvailable,
    l.activationCode,
    ...counterCells(l.counters),
  ];
}

/** One row per license (activation code), as the portal's License Stats export. */
export function statsCsv(result: LicenseStatsResult): Readable {
  return csvStream(STATS_CSV_HEADER, [result.licenses.map(licenseCells)]);
}

/** `5 MUL, 1 SUL`: the seats of a product by type. */
export function seatsText(product: ProductStatsRow): string {
  return LICENSE_TYPES.filter((t) => product.seatsByType[t] > 0)
    .map((t) => `${product.seatsByType[t]} ${t}`)
    .join(', ');
}

const counterColumns = COUNTER_NAMES.map((n) => right(COUNTER_LABELS[n]));
const text = (cells: CsvCell[]) => cells.map(String);

function statsNotes(result: LicenseStatsResult): string[] {
  return [...result.notes, 'Counters count since the last reset; n/a: hardware keys (HWK) report no usage.'];
}

/** Every product, one row each (the `/licstats` overview). */
export function productStatsTable(result: LicenseStatsResult): Table {
  return {
    title: 'License stats by product',
    columns: [
      left('Product'),
      left('Seats by type'),
      left('Status'),
      right('Activations Used'),
      right('Available'),
      ...counterColumns,
    ],
    rows: result.products.map((p) =>
      text([
        p.productName,
        seatsText(p),
        p.status.text,
        p.activationsUsed,
        p.activationsAvailable,
        ...counterCells(p.counters),
      ]),
    ),
    notes: result.products.length ? statsNotes(result) : ['No licenses yet.'],
  };
}

/** One product (or all), one row per license / activation code. */
export function licenseStatsTable(result: LicenseStatsResult, productName?: string): Table {
  return {
    title: productName ? `License stats: ${productName}` : 'License stats by license',
    columns: [
      left('Product'),
      right('Licenses'),
      left('Type'),
      left('Status'),
      right('Activations Used'),
      right('Available'),
      left('AC'),
      ...counterColumns,
    ],
    rows: result.licenses.map((l) => text(licenseCells(l))),
    notes: result.licenses.length ? statsNotes(result) : [`No licenses${productName ? ` for ${productName}` : ''}.`],
  };
}

/** What a reset records per license: the counters just before it. */
export interface CountersBefore {
  productName: string;
  /** How the code is shown (see code-labels.ts). */
  codeLabel: string;
  type: string;
  before: Counters;
}

/** The counters a reset zeroed, as kept in the audit trail (CLI and chat alike). */
export function countersBeforeTable(licenses: readonly CountersBefore[], notes: string[]): Table {
  return {
    title: 'Counters just before the reset (kept in the audit trail)',
    columns: [left('Product'), left('AC'), left('Type'), ...counterColumns],
    rows: licenses.map((l) => text([l.productName, l.codeLabel, l.type, ...counterCells(l.before)])),
    notes,
  };
}
