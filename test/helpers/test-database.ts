import { randomBytes } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { createAccount } from '../../src/accounts/account.service.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Account } from '../../src/db/entities/index.js';
import { type Orm, openOrm } from '../../src/db/orm.js';
import { databaseUrl, TEST_DATABASE_URL, TEST_REDIS_URL } from './services.js';

export interface TestDatabase {
  name: string;
  url: string;
  orm: Orm;
  config: Config;
  /** A fresh unit of work; use one per step, like a request would. */
  em(): EntityManager;
  /** Plain SQL for assertions that must not trust the ORM. */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<T[]>;
  /** Closes both connection pools (the database itself is dropped by dropTestDatabase). */
  close(): Promise<void>;
}

/** Runs `fn` on the server's `postgres` maintenance database (to create or drop databases). */
export async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(TEST_DATABASE_URL, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `licbot_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${inject('templateDatabase')}`));
  return openTestDatabase(name, databaseUrl(TEST_DATABASE_URL, name));
}

/** Opens a migrated database (a clone of the template, or one on a test's private server). */
export async function openTestDatabase(name: string, url: string): Promise<TestDatabase> {
  const orm = await openOrm(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  // An idle client's error (the server going away) is not a test failure by itself; a query
  // on a broken client still fails its test. Without a listener it would end the worker.
  pool.on('error', () => undefined);
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: url,
    REDIS_URL: TEST_REDIS_URL,
    QUEUE_PREFIX: `test:${name}:${randomBytes(3).toString('hex')}`,
  });
  return {
    name,
    url,
    orm,
    config,
    em: () => orm.em.fork(),
    sql: async (text, params) => (await pool.query(text, params)).rows,
    async close() {
      await pool.end();
      await orm.close();
    },
  };
}

export async function dropTestDatabase(db: TestDatabase): Promise<void> {
  await db.close();
  await admin((c) => c.query(`drop database if exists ${db.name} with (force)`));
}

/**
 * Registers a fresh database for the calling test file (cloned from the migrated template)
 * and drops it afterwards. Use the returned getter inside tests.
 */
export function useTestDatabase(): () => TestDatabase {
  let db: TestDatabase | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    if (db) await dropTestDatabase(db);
  });
  return () => {
    if (!db) throw new Error('test database not ready: call inside a test or hook');
    return db;
  };
}

/** The `default` account that `licbot migrate` would create, with the catalogue products. */
export async function createDefaultAccount(db: TestDatabase, slug = 'default', timeZone = 'UTC'): Promise<Account> {
  return createAccount(db.em(), { name: slug, slug, timeZone });
}
