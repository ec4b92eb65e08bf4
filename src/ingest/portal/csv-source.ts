import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { type CsvError, parse } from 'csv-parse';
import { UserError } from '../../errors.js';

/** One data row of a portal export: its line in the file and its cells by column name. */
export interface CsvRow {
  line: number;
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
 * Streams a portal CSV export row by row (memory does not grow with the file): checks the
 * header names the columns of `format` (in any order, case-insensitive), reports broken
 * rows through `onBadRow` with their line, and yields the others.
 */
export async function* readPortalCsv(
  path: string,
  format: CsvFormat,
  onBadRow: (line: number, reason: string) => void,
): AsyncGenerator<CsvRow> {
  const file = basename(path);
  const info = await stat(path).catch(() => undefined);
  if (!info?.isFile()) throw new UserError(`Cannot read "${path}": no such file.`, 'Check the path to the CSV file.');
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      info: true,
      trim: true,
      skip_empty_lines: true,
      relax_column_count: true,
      skip_records_with_error: true,
      on_skip: (error: CsvError | undefined) => {
        const line = Number((error as { lines?: number } | undefined)?.lines ?? 0);
        onBadRow(line, `not valid CSV (${error?.message ?? 'unreadable'})`);
        return undefined;
      },
    }),
  );
  let columns: Map<string, number> | undefined;
  let width = 0;
  for await (const { record, info: where } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    if (!columns) {
      columns = new Map(record.map((name, index) => [key(name), index]));
      width = record.length;
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
    if (record.length !== width) {
      onBadRow(where.lines, `has ${record.length} values but the header has ${width} columns`);
      continue;
    }
    if (record.some((cell) => cell.includes('\u0000'))) {
      onBadRow(where.lines, 'contains a NUL character');
      continue;
    }
    const cells = record;
    const index = columns;
    yield {
      line: where.lines,
      get: (column) => cells[index.get(key(column)) ?? -1] ?? '',
      has: (column) => index.has(key(column)),
    };
  }
  if (!columns) throw new UserError(`${file} is empty.`, `Expected a header line: ${format.required.join(',')}.`);
}
