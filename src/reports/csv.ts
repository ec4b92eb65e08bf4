import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { escapeFormulaCell } from '../domain/csv-cell.js';

export type CsvCell = string | number;

/** Excel reads a CSV as UTF-8 only with a byte order mark (and the `…` of AC prefixes needs it). */
const BOM = '\uFEFF';

const options = {
  cast: { string: (value: string) => escapeFormulaCell(value) },
};

/**
 * A UTF-8 CSV stream with a header row. Each batch of records goes through csv-stringify in
 * one call, so a million rows cost a few hundred calls rather than a million stream writes,
 * and only one batch is in memory at a time. Text cells that a spreadsheet would run as a
 * formula are escaped.
 */
export function csvStream(header: readonly string[], batches: AsyncIterable<CsvCell[][]> | Iterable<CsvCell[][]>) {
  async function* chunks(): AsyncGenerator<string> {
    yield BOM + stringify([header as string[]], options);
    for await (const batch of batches) if (batch.length) yield stringify(batch, options);
  }
  return Readable.from(chunks(), { objectMode: false });
}
