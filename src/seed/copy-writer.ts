import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { identifier, joinSql, sql } from '../db/sql.js';

const DAY_MS = 86_400_000;
const TWO = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const dayPrefixes = new Map<number, string>();

/**
 * `2026-03-02T09:14:03Z` for an epoch ms. Millions of timestamps are written per large seed;
 * caching each day's date part makes this several times cheaper than Date#toISOString.
 */
export function isoTime(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const fraction = millis ? `.${String(millis).padStart(3, '0')}` : '';
  return `${prefix}${TWO[hours]}:${TWO[minutes]}:${TWO[seconds]}${fraction}Z`;
}

/**
 * One long COPY … FROM STDIN into a table, fed in batches with backpressure, so PostgreSQL
 * ingests while the generator works and memory holds one batch. Every value the generator
 * makes is plain ASCII without tabs, newlines or backslashes, so no escaping is needed.
 */
export class CopyWriter {
  rowCount = 0;
  private lines: string[] = [];
  private readonly stream: ReturnType<typeof copyFrom>;
  private readonly done: Promise<unknown>;

  constructor(client: pg.ClientBase, table: string, columns: readonly string[]) {
    const names = joinSql(columns.map(identifier), ', ');
    this.stream = client.query(copyFrom(sql`copy ${identifier(table)} (${names}) from stdin`.text));
    // Observed here so a failed COPY never becomes an unhandled rejection; close() rethrows it.
    this.done = finished(this.stream).then(
      () => undefined,
      (error: unknown) => error,
    );
  }

  get pending(): number {
    return this.lines.length;
  }

  push(values: readonly (string | number | null)[]): void {
    this.lines.push(`${values.map((v) => (v === null ? '\\N' : v)).join('\t')}\n`);
  }

  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const text = this.lines.join('');
    this.rowCount += this.lines.length;
    this.lines = [];
    if (this.stream.errored) throw this.stream.errored;
    // `once` rejects if the COPY fails while we wait for the socket to drain.
    if (!this.stream.write(text)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    const error = await this.done;
    if (error) throw error;
  }
}
