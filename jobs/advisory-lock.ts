import pg from 'pg';

/** The first keys of LicBot's advisory locks: what the second key names. */
export const LOCK_SPACES = { delivery: 4_711, weeklyReport: 4_712 } as const;

type LockKey = [space: number, key: number | string];

/**
 * Runs `run` on a connection of its own, outside the ORM's pool (holding a pool connection
 * while waiting for a lock or working under it starved the pool at ten jobs at once); the
 * session's end releases its advisory locks, also when a worker dies.
 */
async function onOwnConnection<R>(databaseUrl: string, space: number, run: (client: pg.Client) => Promise<R>) {
  const client = new pg.Client({
    connectionString: databaseUrl,
    // A database that does not answer fails the attempt (the job is retried) instead of hanging it.
    connectionTimeoutMillis: 10_000,
    application_name: `licbot lock ${space}`,
  });
  // A connection lost while the work runs must fail this attempt, not the process.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Text keys (names) are hashed into the lock's second int4. */
const secondKey = (key: number | string) => (typeof key === 'number' ? '$2::int' : 'hashtext($2)');

/** Runs `fn` holding the advisory lock, or returns `locked: false` at once when another session holds it. */
export function tryAdvisoryLock<T>(
  databaseUrl: string,
  [space, key]: LockKey,
  fn: () => Promise<T>,
): Promise<{ locked: false } | { locked: true; value: T }> {
  return onOwnConnection(databaseUrl, space, async (client) => {
    const { rows } = await client.query<{ locked: boolean }>(
      `select pg_try_advisory_lock($1, ${secondKey(key)}) as locked`,
      [space, key],
    );
    return rows[0]?.locked ? { locked: true as const, value: await fn() } : { locked: false as const };
  });
}

/** Runs `fn` holding the advisory lock, waiting for it at most `waitSeconds` (then it throws). */
export function waitForAdvisoryLock<T>(
  databaseUrl: string,
  [space, key]: LockKey,
  waitSeconds: number,
  fn: () => Promise<T>,
): Promise<T> {
  return onOwnConnection(databaseUrl, space, async (client) => {
    await client.query(`select set_config('lock_timeout', $1, false)`, [`${Math.round(waitSeconds * 1000)}ms`]);
    await client.query(`select pg_advisory_lock($1, ${secondKey(key)})`, [space, key]);
    return fn();
  });
}
