import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { UserError } from '../errors.js';
import { ormOptions } from './mikro-orm.config.js';
import { identifier, pgQuery, sql } from './sql.js';

export type Orm = MikroORM;

/** PostgreSQL's SQLSTATE for "database does not exist" (invalid_catalog_name). */
const NO_SUCH_DATABASE = '3D000';

/** Where the query builder's own warnings go; without one, knex prints them on the console. */
export interface DriverLog {
  warn(message: string): void;
  error(message: string): void;
}

/** knex's log hooks (it calls them unbound, with one message string). */
function knexLog(log: DriverLog) {
  return {
    warn: (message: unknown) => log.warn(String(message)),
    error: (message: unknown) => log.error(String(message)),
    deprecate: (method: unknown, alternative: unknown) => log.warn(`${method} is deprecated: use ${alternative}`),
    debug: () => undefined,
  };
}

/**
 * Connects to the database in the URL, which must exist: a missing one is a UserError saying
 * to run `licbot migrate`, never created here (see ormOptions). Long-running processes pass
 * their log, so a pooled connection that died ("Connection Error: …") is a log line too.
 */
export async function openOrm(databaseUrl: string, log?: DriverLog): Promise<Orm> {
  const orm = await MikroORM.init(ormOptions(databaseUrl, log ? { driverOptions: { log: knexLog(log) } } : {}));
  const check = await orm.checkConnection();
  if (check.ok) return orm;
  await orm.close();
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  // Host and port only: the URL may carry a password.
  const where = `${url.hostname}:${url.port || 5432}`;
  if ((check.error as { code?: string } | undefined)?.code === NO_SUCH_DATABASE)
    throw new UserError(
      `The database "${name}" does not exist on ${where}.`,
      'Create it with `licbot migrate` (or check DATABASE_URL).',
    );
  throw new UserError(
    `Cannot connect to PostgreSQL at ${where}: ${check.reason}.`,
    'Check DATABASE_URL and that PostgreSQL is running.',
  );
}

/**
 * Creates the database named in the URL when it is missing, connecting to the server's
 * `postgres` maintenance database to do so. Returns true when it had to create it.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const found = await pgQuery(client, sql`select 1 from pg_database where datname = ${name}`);
    if (found.length) return false;
    await pgQuery(client, sql`create database ${identifier(name)}`);
    return true;
  } finally {
    await client.end();
  }
}

/** Applies every pending migration; returns the names applied. */
export async function migrateUp(orm: Orm): Promise<string[]> {
  const applied = await orm.getMigrator().up();
  return applied.map((m) => m.name);
}
