import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { ormOptions } from './mikro-orm.config.js';
import { identifier, pgQuery, sql } from './sql.js';

export type Orm = MikroORM;

export async function openOrm(databaseUrl: string): Promise<Orm> {
  return MikroORM.init(ormOptions(databaseUrl));
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
