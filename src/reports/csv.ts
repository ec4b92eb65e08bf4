import { Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { guardQuoted } from '../domain/formula-guard.js';

export type CsvCell = string | number;

/** Excel reads a CSV as UTF-8 only with a byte order mark (and the `…` of AC prefixes needs it). */
const BOM = '\uFEFF';

// Spreadsheets run a cell starting with = + - @ (or tab, CR, or their full-width forms) as a
// formula; csv-stringify prefixes such text cells with a single quote (OWASP "CSV injection").
// Negative numbers stay numbers.
// A cell already starting with quotes and such a character gets one quote more
// (domain/formula-guard.ts), so the portal import can take exactly the guard off again.
const options = { escape_formulas: true, cast: { string: guardQuoted } };

/**
 * A UTF-8 CSV stream with a header row. Each batch of records goes through csv-stringify in
 * one call, so a million rows cost a few hundred calls rather than a million stream writes,
 * and only one batch is in memory at a time.
 */
export function csvStream(header: readonly string[], batches: AsyncIterable<CsvCell[][]> | Iterable<CsvCell[][]>) {
  async function* chunks(): AsyncGenerator<string> {
    yield BOM + stringify([header as string[]], options);
    for await (const batch of batches) if (batch.length) yield stringify(batch, options);
  }
  return Readable.from(chunks(), { objectMode: false });
}
