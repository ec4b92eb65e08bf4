/**
 * The raw-SQL baselines of bench/load, run after the load on the same database (the table
 * then as large as the run left it, its rollup triggers on): the same kind of access events
 * (a) COPYed in one stream, and (b) inserted with the event API's own statement (multi-row
 * insert from json_to_recordset, on conflict do nothing) in batches of the same size over as
 * many connections as the ingest used. (b) is what the API costs without HTTP, validation
 * and license lookup; (a) is the most PostgreSQL takes.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { type AccessRow, copyAccessRows, round } from '../bench-helpers.js';
import { INGEST_LICENSES } from './stack.js';

function rows(count: number, accountId: number, licenseIds: number[]): AccessRow[] {
  const now = Date.now();
  return Array.from({ length: count }, (_, n) => {
    const license = INGEST_LICENSES[n % INGEST_LICENSES.length]!;
    return {
      accountId,
      eventId: randomUUID(),
      licenseId: licenseIds[n % licenseIds.length]!,
      mode: license.modes[Math.floor(n / INGEST_LICENSES.length) % license.modes.length]!,
      user: `user${(n * 7919) % 5000}@bench.example.com`,
      machine: `WS-${(n * 104729) % 6000}`,
      version: `2025.${n % 3}`,
      at: new Date(now - Math.floor(Math.random() * 60_000)).toISOString(),
    };
  });
}

const rate = (count: number, seconds: number) => ({
  rows: count,
  seconds: round(seconds, 2),
  rowsPerSecond: Math.round(count / seconds),
});

export async function rawSqlBaselines(args: {
  databaseUrl: string;
  accountId: number;
  licenseIds: number[];
  count: number;
  batch: number;
  connections: number;
}) {
  const copyClient = new pg.Client({ connectionString: args.databaseUrl });
  await copyClient.connect();
  let copy: ReturnType<typeof rate>;
  try {
    copy = rate(args.count, await copyAccessRows(copyClient, rows(args.count, args.accountId, args.licenseIds)));
  } finally {
    await copyClient.end();
  }

  const all = rows(args.count, args.accountId, args.licenseIds);
  const batches: string[] = [];
  for (let i = 0; i < all.length; i += args.batch)
    batches.push(
      JSON.stringify(
        all.slice(i, i + args.batch).map((r) => ({
          i: r.eventId,
          l: r.licenseId,
          m: r.mode,
          u: r.user,
          c: r.machine,
          v: r.version,
          a: r.at,
        })),
      ),
    );
  const clients = await Promise.all(
    Array.from({ length: args.connections }, async () => {
      const client = new pg.Client({ connectionString: args.databaseUrl });
      await client.connect();
      return client;
    }),
  );
  let next = 0;
  const t0 = performance.now();
  try {
    await Promise.all(
      clients.map(async (client) => {
        for (let b = next++; b < batches.length; b = next++) {
          await client.query(
            `with new_rows as (
               insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at)
               select $1, e.i, e.l, e.m, e.u, e.c, e.v, e.a
                 from json_to_recordset($2::json) as e(i uuid, l int, m text, u text, c text, v text, a timestamptz)
                order by e.i
               on conflict (account_id, event_id) do nothing
               returning 1)
             select count(*)::int as inserted from new_rows`,
            [args.accountId, batches[b]],
          );
        }
      }),
    );
  } finally {
    await Promise.all(clients.map((c) => c.end()));
  }
  const apiStatement = { ...rate(args.count, (performance.now() - t0) / 1000), connections: args.connections };
  return { copy, apiStatement };
}
