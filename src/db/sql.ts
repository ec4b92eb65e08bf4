import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';

/**
 * A tiny SQL builder: `sql\`… ${value} …\`` turns each value into a `?` binding in the order
 * it appears (MikroORM/knex bindings are positional), and nests fragments with their own
 * bindings. Only `raw()` puts text into SQL, and it is never given user input.
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

/** Runs a built statement in the entity manager's current transaction (if any). */
export async function query<T>(em: EntityManager, statement: Sql): Promise<T[]> {
  return em.execute<T[]>(statement.text, [...statement.params]);
}

/** The statement for node-postgres directly: `$1, $2…` placeholders instead of `?`. */
export function pgText(statement: Sql): string {
  let n = 0;
  return statement.text.replace(/\?/g, () => `$${++n}`);
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
