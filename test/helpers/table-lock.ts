import pg from 'pg';
import type { TestDatabase } from './test-database.js';

export type LockMode = 'exclusive' | 'access exclusive';

/**
 * Holds a lock on `table` of the file's own database (EXCLUSIVE stops writes, ACCESS
 * EXCLUSIVE reads too), so a request's statement waits on it, visibly, in pg_stat_activity:
 * a slow database a test controls. Resolves with the release.
 */
export async function holdLock(db: TestDatabase, table: string, mode: LockMode): Promise<() => Promise<void>> {
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  await client.query('begin');
  await client.query(`lock table ${pg.escapeIdentifier(table)} in ${mode} mode`);
  return async () => {
    await client.query('rollback');
    await client.end();
  };
}

/** Backends of the file's database that wait on a lock: statements that have not finished. */
export async function waitingOnLock(db: TestDatabase): Promise<number> {
  const [row] = await db.sql<{ n: number }>(
    `select count(*)::int as n from pg_stat_activity where datname = $1 and wait_event_type = 'Lock'`,
    [db.name],
  );
  return row?.n ?? 0;
}
