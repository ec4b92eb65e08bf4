import { CONFLICTS, sqlState } from '../db/transient-fault.js';

/** A concurrent transaction inserted the same unique key first (e.g. the same new product). */
export const UNIQUE_VIOLATION = '23505';

/**
 * Retries a whole transaction when PostgreSQL aborted it because of a concurrent one
 * (concurrent batches touching the same sessions in another order, ...). When the attempts
 * run out the error goes on to the entry point, which answers a conflict as a transient
 * fault (503, send again).
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
