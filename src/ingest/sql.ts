import type { EntityManager, Knex } from '@mikro-orm/postgresql';

/**
 * Runs one statement with real bind parameters (`?` placeholders) inside the entity
 * manager's transaction, if it has one. MikroORM's own `execute` inlines parameters into the
 * SQL text, which is wasteful for the large JSON documents the write side sends; batches go
 * to PostgreSQL as one JSON parameter and are unpacked there with `json_to_recordset`.
 */
export type SqlParam = Knex.RawBinding;

export async function sqlRows<T>(em: EntityManager, sql: string, params: readonly SqlParam[] = []): Promise<T[]> {
  const query = em.getKnex().raw(sql, params);
  const ctx = em.getTransactionContext();
  if (ctx) query.transacting(ctx);
  const result = (await query) as { rows: T[] };
  return result.rows;
}

/** Serialization failure and deadlock: PostgreSQL aborted one of two racing transactions. */
export const CONFLICTS = ['40001', '40P01'];
/** A concurrent transaction inserted the same unique key first (e.g. the same new product). */
export const UNIQUE_VIOLATION = '23505';

function sqlState(error: unknown): string | undefined {
  const e = error as { code?: unknown; sqlState?: unknown; cause?: { code?: unknown } } | undefined;
  const code = e?.code ?? e?.sqlState ?? e?.cause?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Retries a whole transaction when PostgreSQL aborted it because of a concurrent one
 * (concurrent batches touching the same sessions in another order, ...).
 */
export async function withRetry<T>(
  fn: () => Promise<T>,
  codes: readonly string[] = CONFLICTS,
  attempts = 3,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const code = sqlState(error);
      if (attempt >= attempts || !code || !codes.includes(code)) throw error;
    }
  }
}

/**
 * A timestamptz as the driver hands it over: MikroORM's pg setup returns the text form
 * (`2026-02-10 09:01:00.123456+00`), which JavaScript does not parse as it stands.
 */
export function pgDate(value: string | Date): Date {
  if (value instanceof Date) return value;
  return new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
}
