import pg from 'pg';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { replyForError } from '../../src/core/boundary.js';
import { openOrm } from '../../src/db/orm.js';
import { transientDbFault } from '../../src/db/transient-fault.js';
import { freePort } from '../helpers/private-redis.js';
import { type TestDatabase, useTestDatabase } from '../helpers/test-database.js';

/** The error a promise rejects with (the test fails when it resolves). */
async function failureOf(work: Promise<unknown>): Promise<unknown> {
  try {
    await work;
  } catch (error) {
    return error;
  }
  throw new Error('expected the database to refuse');
}

async function client(db: TestDatabase): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: db.url });
  c.on('error', () => undefined); // the terminated session's error arrives on the query too
  await c.connect();
  return c;
}

/** A real 40P01: two sessions of this file's database each wait for the other's row. */
async function deadlock(db: TestDatabase): Promise<unknown> {
  await db.sql('create table if not exists deadlock_probe (id int primary key, n int)');
  await db.sql('insert into deadlock_probe values (1, 0), (2, 0) on conflict do nothing');
  const [a, b] = [await client(db), await client(db)];
  try {
    await a.query('begin');
    await b.query('begin');
    await a.query('update deadlock_probe set n = n + 1 where id = 1');
    await b.query('update deadlock_probe set n = n + 1 where id = 2');
    const results = await Promise.allSettled([
      a.query('update deadlock_probe set n = n + 1 where id = 2'),
      b.query('update deadlock_probe set n = n + 1 where id = 1'),
    ]);
    return results.find((r) => r.status === 'rejected')?.reason;
  } finally {
    await a.query('rollback').catch(() => undefined);
    await b.query('rollback').catch(() => undefined);
    await a.end();
    await b.end();
  }
}

describe('transientDbFault on errors real PostgreSQL and node-postgres raise', () => {
  const db = useTestDatabase();

  it('a session ended by pg_terminate_backend (57P01) is transient', async () => {
    const c = await client(db());
    const [{ pid }] = (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows as [{ pid: number }];
    const sleeping = failureOf(c.query('select pg_sleep(30)'));
    await db().sql('select pg_terminate_backend($1) from pg_stat_activity where pid = $1 and datname = $2', [
      pid,
      db().name,
    ]);
    const error = await sleeping;
    expect((error as { code?: string }).code).toBe('57P01');
    expect(transientDbFault(error)).toEqual({
      reason: 'the database server ended the connection',
      retryAfterSeconds: 5,
    });
    // The same client afterwards: node-postgres says it is not queryable, without a code.
    expect(transientDbFault(await failureOf(c.query('select 1')))).toEqual({
      reason: 'the database connection was lost',
      retryAfterSeconds: 5,
    });
    await c.end().catch(() => undefined);
  });

  it('a refused connection (nothing listens) is transient, also through MikroORM', async () => {
    const url = `postgres://postgres@127.0.0.1:${await freePort()}/licbot`;
    const refused = await failureOf(new pg.Client({ connectionString: url }).connect());
    expect(transientDbFault(refused)).toEqual({ reason: 'the database could not be reached', retryAfterSeconds: 5 });
    const orm = await openOrm(url).catch(() => undefined);
    // MikroORM may connect lazily: then the first query is refused.
    const viaOrm = orm ? await failureOf(orm.em.fork().getConnection().execute('select 1')) : refused;
    expect(transientDbFault(viaOrm)?.reason).toBe('the database could not be reached');
    await orm?.close();
  });

  it('a transaction begun on a pooled connection that died while idle is transient', async () => {
    const orm = await openOrm(db().url);
    const failures: unknown[] = [];
    try {
      // The ORM's idle connection is ended; whether the next BEGIN goes out on it before the
      // pool notices is a race, so it is run until it does (about one try in three here).
      for (let tries = 0; tries < 100 && failures.length === 0; tries++) {
        await orm.em
          .fork()
          .getConnection()
          .execute('select 1')
          .catch(() => undefined);
        await db().sql(
          `select pg_terminate_backend(pid) from pg_stat_activity
            where datname = $1 and state = 'idle' and backend_type = 'client backend' and pid <> pg_backend_pid()
              and pid not in (select pid from pg_stat_activity where query like '%pg_terminate_backend%')`,
          [db().name],
        );
        await orm.em
          .fork()
          .transactional((tx) => tx.getConnection().execute('select 1', [], 'all', tx.getTransactionContext()))
          .catch((error: unknown) => failures.push(error));
      }
    } finally {
      await orm.close();
    }
    expect(failures.length).toBeGreaterThan(0);
    for (const error of failures)
      expect(transientDbFault(error), String((error as Error).message)).toMatchObject({ retryAfterSeconds: 5 });
  });

  it('a deadlock (40P01) is transient with a short wait', async () => {
    const error = await deadlock(db());
    expect((error as { code?: string }).code).toBe('40P01');
    expect(transientDbFault(error)).toEqual({
      reason: 'a concurrent request kept conflicting with this one',
      retryAfterSeconds: 1,
    });
  });

  it('a bug or a bad value is not: syntax error, unique violation, a closed ORM, a plain Error', async () => {
    const syntax = await failureOf(db().sql('selec 1'));
    expect((syntax as { code?: string }).code).toBe('42601');
    await db().sql('create table if not exists unique_probe (id int primary key)');
    await db().sql('insert into unique_probe values (1) on conflict do nothing');
    const unique = await failureOf(db().sql('insert into unique_probe values (1)'));
    expect((unique as { code?: string }).code).toBe('23505');
    const orm = await openOrm(db().url);
    await orm.close();
    const closed = await failureOf(orm.em.fork().getConnection().execute('select 1'));
    for (const error of [syntax, unique, closed, new Error('boom')]) expect(transientDbFault(error)).toBeUndefined();
  });

  it('chat answers a transient fault with what happened and to try again, not an apology with an id', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => lines.push(line) });
    const error = Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' });
    expect(replyForError(error, logger).text).toBe(
      'The license data cannot be read right now: the database server ended the connection.\n' +
        'Please try the same command again in a minute.',
    );
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      level: 40,
      msg: 'command failed: the database server ended the connection',
    });
  });
});
