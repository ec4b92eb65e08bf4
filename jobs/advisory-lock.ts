import pg from 'pg';

/**
 * Runs `fn` holding a PostgreSQL advisory lock on `[space, key]`, on a connection of its own
 * outside the ORM's pool (holding a pool connection while waiting or working starved the
 * pool at ten jobs at once); a worker that dies releases the lock with its connection.
 * `wait: false` gives up at once when another session holds it (`locked: false`); `wait:
 * true` waits for it, at most `waitSeconds`.
 */
export async function withAdvisoryLock<T>(
  databaseUrl: string,
  [space, key]: [number, number | string],
  fn: () => Promise<T>,
  options: { wait: false } | { wait: true; waitSeconds: number },
): Promise<{ locked: false } | { locked: true; value: T }> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    // A database that does not answer fails the attempt (the job is retried) instead of hanging it.
    connectionTimeoutMillis: 10_000,
    application_name: `licbot lock ${space}`,
  });
  // A connection lost while fn runs must fail this attempt, not the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    // Text keys (names) are hashed into the lock's second int4.
    const second = typeof key === 'number' ? '$2::int' : 'hashtext($2)';
    if (options.wait) {
      await client.query(`select set_config('lock_timeout', $1, false)`, [
        `${Math.round(options.waitSeconds * 1000)}ms`,
      ]);
      await client.query(`select pg_advisory_lock($1, ${second})`, [space, key]);
    } else {
      const { rows } = await client.query<{ locked: boolean }>(`select pg_try_advisory_lock($1, ${second}) as locked`, [
        space,
        key,
      ]);
      if (!rows[0]?.locked) return { locked: false };
    }
    return { locked: true, value: await fn() };
  } finally {
    // Ending the session releases its advisory locks.
    await client.end().catch(() => undefined);
  }
}

/** The first keys of LicBot's advisory locks: what the second key names. */
export const LOCK_SPACES = { delivery: 4_711, weeklyReport: 4_712 } as const;
