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
