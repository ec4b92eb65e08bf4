import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';

/**
 * The one way LicBot writes SQL by hand.
 *
 * When an entity, when SQL: a row that is created, read or changed one at a time inside a
 * request's unit of work is an entity (`em.create`, `em.findOne`, `em.flush`). Anything the
 * database must decide by itself is SQL through `query(em, sql\`…\`)`: aggregates and views
 * (queries/), batches (one statement for a whole request), conditional updates that must win
 * exactly once, `on conflict`, row locks, and writes that must commit with such statements.
 *
 * `sql\`… ${value} …\`` turns each value into a `?` binding in the order it appears and
 * nests fragments with their own bindings. No SQL is ever built by concatenating strings:
 * optional parts are fragments (`empty` when absent), and only `raw()` puts text into SQL,
 * never with user input.
 */
export class Sql {
  constructor(
    readonly text: string,
    readonly params: readonly unknown[],
  ) {}
}

export function sql(strings: TemplateStringsArray, ...values: unknown[]): Sql {
  let text = strings[0] ?? '';
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof Sql) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += strings[i + 1] ?? '';
  });
  return new Sql(text, params);
}

export function raw(text: string): Sql {
  return new Sql(text, []);
}

export const empty = raw('');

/** A table or column name, quoted by node-postgres (for COPY and CREATE DATABASE, which bind no names). */
export function identifier(name: string): Sql {
  return raw(pg.escapeIdentifier(name));
}

/** Joins fragments with a separator (`, `, ` and `…). */
export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return new Sql(
    parts.map((p) => p.text).join(separator),
    parts.flatMap((p) => p.params),
  );
}

/** A Postgres int[] literal: knex would expand a JS array into a list of bindings. */
export function intArray(values: readonly number[]): string {
  return `{${values.map((v) => Math.trunc(v)).join(',')}}`;
}

/**
 * Runs a built statement in the entity manager's current transaction (if any), with real
 * bind parameters. MikroORM's own `em.execute` writes every parameter into the SQL text
 * first, which is wasteful for the large JSON documents the write side sends (a batch goes to
 * PostgreSQL as one JSON parameter and is unpacked there with `json_to_recordset`).
 */
export async function query<T>(em: EntityManager, statement: Sql): Promise<T[]> {
  const running = em.getKnex().raw(statement.text, [...statement.params] as never[]);
  const transaction = em.getTransactionContext();
  if (transaction) running.transacting(transaction);
  const result = (await running) as { rows: T[] };
  return result.rows;
}

/** The statement for node-postgres directly: `$1, $2…` placeholders instead of `?`. */
export function pgText(statement: Sql): string {
  let n = 0;
  return statement.text.replace(/\?/g, () => `$${++n}`);
}

/**
 * Runs a built statement on a node-postgres client of its own: the bulk loader, the COPY
 * export and database creation, which work outside MikroORM's pool.
 */
export async function pgQuery<T extends pg.QueryResultRow>(client: pg.ClientBase, statement: Sql): Promise<T[]> {
  return (await client.query<T>(pgText(statement), [...statement.params])).rows;
}

/**
 * The statement with its bindings written in as SQL literals, for the one statement that
 * takes no bindings: COPY. Only numbers, dates and strings are accepted; strings go through
 * node-postgres's escapeLiteral.
 */
export function inlineSql(statement: Sql): string {
  let i = 0;
  return statement.text.replace(/\?/g, () => {
    const value = statement.params[i++];
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    if (value instanceof Date && !Number.isNaN(value.getTime())) return `'${value.toISOString()}'::timestamptz`;
    if (typeof value === 'string') return pg.escapeLiteral(value);
    throw new TypeError(`cannot write ${typeof value} into SQL as a literal`);
  });
}
