import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { migrateUp, openOrm } from '../../src/db/orm.js';
import { databaseUrl, reachable, TEST_DATABASE_URL, TEST_REDIS_URL } from './services.js';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

const START_HINT = `Start them with:
  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
or point DATABASE_URL / REDIS_URL at running servers.`;

/**
 * Runs once per `npm test`: checks the services are there (and says how to start them if
 * not), then builds a migrated template database that each test file clones in milliseconds.
 * The template's name is unique per run, so two checkouts can run their suites at once.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const missing: string[] = [];
  if (!(await reachable(TEST_DATABASE_URL, 5432))) missing.push(`PostgreSQL at ${new URL(TEST_DATABASE_URL).host}`);
  if (!(await reachable(TEST_REDIS_URL, 6379))) missing.push(`Redis at ${new URL(TEST_REDIS_URL).host}`);
  if (missing.length)
    throw new Error(`The tests need real services: ${missing.join(' and ')} not reachable.\n${START_HINT}`);

  const template = `licbot_tpl_${randomBytes(5).toString('hex')}`;
  await adminQuery(`create database ${template}`);
  const orm = await openOrm(databaseUrl(TEST_DATABASE_URL, template));
  try {
    await migrateUp(orm);
  } finally {
    await orm.close();
  }
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(`drop database if exists ${template} with (force)`);
  };
}

async function adminQuery(sql: string): Promise<void> {
  const admin = new pg.Client({ connectionString: databaseUrl(TEST_DATABASE_URL, 'postgres') });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
