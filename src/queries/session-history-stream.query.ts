import { StringDecoder } from 'node:string_decoder';
import type { EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { inlineSql, pgQuery, sql } from '../db/sql.js';
import {
  durationSql,
  FULL_ORDER,
  historyCtes,
  NOT_DEACTIVATED,
  type SessionFilters,
  sessionsInWindow,
} from './session-history.query.js';

/** One exported session: Status, DateTime, Email, Program, Version, Machine, Duration, Duration Seconds. */
export type SessionExportRow = string[];

/**
 * The export's rows, rendered by Postgres: the DateTime in the account's time zone (set on
 * the connection) as ISO 8601 with its offset, the duration as H:MM:SS. Same values as
 * formatZoned and formatDuration (tests hold them together); at a million rows, rendering in
 * C and reading plain text keeps the export close to COPY's own speed.
 */
export function sessionExportSql(accountId: number, f: SessionFilters) {
  const seconds = sql`extract(epoch from ${durationSql(f.now)})::bigint`;
  return sql`${historyCtes(accountId, f)}
  select case when s.ended_at is null then 'Active' else 'Closed' end,
    to_char(coalesce(s.ended_at, s.started_at), 'YYYY-MM-DD"T"HH24:MI:SSTZH:TZM'),
    s.user_email, p.name, s.version, s.machine,
    (${seconds} / 3600) || ':' || lpad((${seconds} % 3600 / 60)::text, 2, '0') || ':'
      || lpad((${seconds} % 60)::text, 2, '0'),
    ${seconds}::text
  from session s join product p on p.id = s.product_id
  where ${sessionsInWindow(accountId, f)} and ${NOT_DEACTIVATED}
  ${FULL_ORDER}`;
}

const ESCAPES: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A field of COPY's text format: backslash escapes for control characters and backslash. */
function unescapeCopyText(field: string): string {
  return field.includes('\\') ? field.replace(/\\(.)/gs, (_, c: string) => ESCAPES[c] ?? c) : field;
}

/**
 * The full view for export, in view order, in batches of rendered rows. It is read with
 * `COPY (query) TO STDOUT` rather than a cursor: Postgres may then run the query in parallel
 * (a cursor never does) and streams rows as fast as they are read, while the socket's
 * backpressure keeps memory flat however many sessions there are. COPY takes no bindings,
 * so the statement's values are written in as escaped literals. It runs on a connection of
 * its own, ended when the reader finishes, stops early or fails.
 */
export async function* streamSessionExport(
  em: EntityManager,
  accountId: number,
  filters: SessionFilters,
  timeZone: string,
): AsyncGenerator<SessionExportRow[]> {
  const client = new pg.Client(em.getConnection().getConnectionOptions() as pg.ClientConfig);
  // A dropped connection already fails the COPY below; the same error as an 'error' event
  // without a listener would also be thrown from the socket callback and end the process.
  client.on('error', () => undefined);
  await client.connect();
  let finished = false;
  try {
    await pgQuery(client, sql`select set_config('TimeZone', ${timeZone}, false)`);
    const copy = client.query(copyStreams.to(inlineSql(sql`copy (${sessionExportSql(accountId, filters)}) to stdout`)));
    const decoder = new StringDecoder('utf8');
    let rest = '';
    for await (const chunk of copy) {
      const lines = (rest + decoder.write(chunk as Buffer)).split('\n');
      rest = lines.pop() ?? '';
      yield lines.map((line) => line.split('\t').map(unescapeCopyText));
    }
    if (rest + decoder.end() !== '') throw new Error('session export ended in the middle of a row');
    finished = true;
  } finally {
    // Ending the connection mid-COPY makes the server stop the query.
    if (finished) await client.end();
    else await client.end().catch(() => undefined);
  }
}
