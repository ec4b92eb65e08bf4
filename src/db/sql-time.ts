import { raw, type Sql, sql } from './sql.js';

/**
 * MikroORM's driver hands timestamptz columns back from raw SQL as text; reading them as
 * epoch milliseconds (a float8, parsed by pg as a number) avoids parsing that text in JS.
 */
export function epochMs(expression: string): Sql {
  return sql`(extract(epoch from ${raw(expression)}) * 1000)::float8`;
}

export function dateOf(ms: number): Date;
export function dateOf(ms: number | null): Date | null;
export function dateOf(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}

/**
 * A timestamptz as the driver hands it over: MikroORM's pg setup returns the text form
 * (`2026-02-10 09:01:00.123456+00`), which JavaScript does not parse as it stands.
 */
export function pgDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}
