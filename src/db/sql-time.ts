/**
 * MikroORM's driver hands timestamptz columns back from raw SQL as text; reading them as
 * epoch milliseconds (a float8, parsed by pg as a number) avoids parsing that text in JS.
 */
export function epochMs(expression: string): string {
  return `(extract(epoch from ${expression}) * 1000)::float8`;
}

export function dateOf(ms: number): Date;
export function dateOf(ms: number | null): Date | null;
export function dateOf(ms: number | null): Date | null {
  return ms === null ? null : new Date(ms);
}
