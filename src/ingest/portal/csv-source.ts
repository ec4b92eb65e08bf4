import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type CsvError, parse } from 'csv-parse';
import { unguard } from '../../domain/formula-guard.js';
import { UserError } from '../../errors.js';
import type { ImportReport } from './import-report.js';
import { utf8Check } from './utf8-check.js';

/** One data row of a portal export: its line in the file and its cells by column name. */
export interface CsvRow {
  line: number;
  /** The cell, without the formula guard of LicBot's own exports (domain/formula-guard.ts). */
  get(column: string): string;
  has(column: string): boolean;
}

export interface CsvFormat {
  /** How people know this file, e.g. "License Stats export". */
  kind: string;
  required: readonly string[];
  optional?: readonly string[];
  /** A column that only the other export has, to tell the user which command they meant. */
  otherKind?: { column: string; hint: string };
}

const key = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Streams a portal CSV export row by row (memory does not grow with the file): refuses a
 * file that is not UTF-8 (a byte order mark is fine), checks the header names the columns
 * of `format` (in any order, case-insensitive), adds broken rows to the report's problems
 * with their line, and yields the others.
 */
export async function* readPortalCsv(path: string, format: CsvFormat, report: ImportReport): AsyncGenerator<CsvRow> {
  const file = basename(path);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new UserError(`Cannot read "${path}": no such file.`, 'Check the path to the CSV file.');
  const source = createReadStream(path);
  let lastSkipped = -1;
  let lastRecordLine = 0;
  const checked = source.pipe(utf8Check(file));
  const parser = parse({
    bom: true,
    info: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    on_record: (record: string[], context: { lines: number }) => {
      lastRecordLine = context.lines;
      return record;
    },
    on_skip: (error: CsvError | undefined) => {
      // A quote never closed swallows the rest of the file: say where its record began.
      if (error?.code === 'CSV_QUOTE_NOT_CLOSED') {
        report.rowsRead++;
        report.problem(
          lastRecordLine + 1,
          undefined,
          'opens a quote (") that is never closed, so the rest of the file reads as one value: close the quote or double a quote inside a value ("")',
        );
        return undefined;
      }
      const line = Number((error as { lines?: number } | undefined)?.lines ?? 0);
      // csv-parse may report one broken record once per bad quote: one problem per line.
      if (line === lastSkipped) return undefined;
      lastSkipped = line;
      report.rowsRead++;
      report.problem(line, undefined, `is not valid CSV (${error?.message ?? 'unreadable'}): check its quotes`);
      return undefined;
    },
  });
  // pipe() does not pass errors on: the encoding check's refusal must end the parse.
  source.on('error', (error) => parser.destroy(error));
  checked.on('error', (error) => parser.destroy(error));
  checked.pipe(parser);
  let columns: Map<string, number> | undefined;
  let names: string[] = [];
  for await (const { record, info: where } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!columns) {
      names = record.map((name) => name.trim());
      columns = new Map(record.map((name, index) => [key(name), index]));
      const missing = format.required.filter((name) => !columns?.has(key(name)));
      if (missing.length) {
        const other = format.otherKind && columns.has(key(format.otherKind.column)) ? ` ${format.otherKind.hint}` : '';
        throw new UserError(
          `${file} is not a portal ${format.kind}: missing column(s) ${missing.map((m) => `"${m}"`).join(', ')}.${other}`,
          `Its first line must name the columns: ${format.required.join(',')}.`,
        );
      }
      continue;
    }
    report.rowsRead++;
    if (record.length !== names.length) {
      report.problem(
        where.lines,
        undefined,
        `has ${record.length} values but the header has ${names.length} columns: check for a missing or extra comma, or a comma inside a value that is not in quotes`,
      );
      continue;
    }
    const nul = record.findIndex((cell) => cell.includes('\u0000'));
    if (nul !== -1) {
      report.problem(where.lines, names[nul], 'contains a NUL character (byte 0), which no value may hold: remove it');
      continue;
    }
    const cells = record.map(unguard);
    const index = columns;
    yield {
      line: where.lines,
      get: (column) => cells[index.get(key(column)) ?? -1] ?? '',
      has: (column) => index.has(key(column)),
    };
  }
  if (!columns) throw new UserError(`${file} is empty.`, `Expected a header line: ${format.required.join(',')}.`);
}
