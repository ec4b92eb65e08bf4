import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { typedWholeNumber } from '../domain/typed-input.js';
import { renderTextTables } from '../platforms/text/text-table.js';
import type { Table } from '../reports/table.js';
import { UsageError, writeLine } from './cli-command.js';

export type OutputFormat = 'text' | 'csv' | 'json';

/** `--format`, checked against what the command can produce. */
export function parseFormat(value: string | undefined, allowed: readonly OutputFormat[]): OutputFormat {
  const format = (value ?? 'text').toLowerCase();
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`--format must be one of ${allowed.join(', ')} (got "${value}").`);
  }
  return format as OutputFormat;
}

/** A positive whole number flag such as --limit. */
export function parsePositiveInt(name: string, value: string | undefined): number | undefined {
  return value === undefined ? undefined : typedWholeNumber(value, `--${name}`, { min: 1 });
}

/** Copies a stream to stdout honouring backpressure, without closing stdout. */
export async function writeStream(source: Readable, out: NodeJS.WritableStream): Promise<void> {
  for await (const chunk of source) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
}

export function writeTables(out: NodeJS.WritableStream, tables: readonly Table[]): void {
  writeLine(out, renderTextTables(tables));
}

export function writeJson(out: NodeJS.WritableStream, value: unknown): void {
  writeLine(out, JSON.stringify(value, null, 2));
}
