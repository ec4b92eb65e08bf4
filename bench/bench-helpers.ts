import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median wall time in ms of `runs` calls, after one warm-up call. */
export async function timeMedian(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return round(median(times));
}

export const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Medians of two contenders measured in alternation (a, b, a, b…) after a warm-up of each,
 * so a busy neighbour on a shared machine slows both alike.
 */
export async function timePair(
  runs: number,
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[number, number]> {
  await a();
  await b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await a();
    ta.push(performance.now() - start);
    start = performance.now();
    await b();
    tb.push(performance.now() - start);
  }
  return [round(median(ta)), round(median(tb))];
}

/** Samples the process's resident memory while `fn` runs; returns the peak in MB. */
export async function peakRss<T>(fn: () => Promise<T>): Promise<{ result: T; peakRssMb: number }> {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    const result = await fn();
    peak = Math.max(peak, process.memoryUsage.rss());
    return { result, peakRssMb: round(peak / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/** A sink that counts bytes and lines, keeping nothing. */
export function countingSink(): Writable & { bytes: number; lines: number } {
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      sink.bytes += buf.length;
      for (let i = buf.indexOf(10); i !== -1; i = buf.indexOf(10, i + 1)) sink.lines += 1;
      done();
    },
  }) as Writable & { bytes: number; lines: number };
  sink.bytes = 0;
  sink.lines = 0;
  return sink;
}

/** Whether the database a URL names exists (asked of the server's `postgres` database). */
export async function databaseExists(target: string): Promise<boolean> {
  const admin = new URL(target);
  const name = decodeURIComponent(admin.pathname.slice(1));
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    return ((await client.query('select 1 from pg_database where datname = $1', [name])).rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}

/** Nearest-rank percentiles of a list of latencies (ms), with the count and the maximum. */
export function latencySummary(values: number[]): {
  count: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]! : 0;
  return {
    count: sorted.length,
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted.at(-1) ?? 0),
  };
}

/** One access_event row as COPY takes it (tab-separated), in the column order of `copyAccessRows`. */
export interface AccessRow {
  accountId: number;
  eventId: string;
  licenseId: number;
  mode: string;
  user: string;
  machine: string;
  version: string;
  at: string;
}

/**
 * The raw baseline of the event API: rows COPYed straight into access_event (its triggers
 * fire, as for the API's inserts), streamed in 1 MiB chunks. Returns the seconds it took.
 */
export async function copyAccessRows(client: pg.Client, rows: AccessRow[]): Promise<number> {
  const text = `${rows.map((r) => [r.accountId, r.eventId, r.licenseId, r.mode, r.user, r.machine, r.version, r.at].join('\t')).join('\n')}\n`;
  const t0 = performance.now();
  const stream = client.query(
    copyFrom(
      'copy access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at) from stdin',
    ),
  );
  await pipeline(async function* () {
    for (let i = 0; i < text.length; i += 1 << 20) yield text.slice(i, i + (1 << 20));
  }, stream);
  return (performance.now() - t0) / 1000;
}

/**
 * The flags' plain aggregates as of `asOf`, the raw-SQL baseline of computeFlags in
 * bench/queries.ts and bench/reports.ts: activations without a session within the idle
 * window, session hours per pool, denials per license, and the (product, user, version)
 * groups since `versionsFrom`.
 */
export async function rawFlagAggregates(
  raw: pg.Client,
  accountId: number,
  thresholds: { idleSeatDays: number; poolWindowDays: number; denialWindowDays: number },
  asOf: Date,
  versionsFrom: Date,
): Promise<void> {
  const daysBefore = (days: number) => new Date(asOf.getTime() - days * 86_400_000);
  await raw.query(
    `select count(*) from activation a join license l on l.id = a.license_id where a.account_id = $1
      and a.deactivated_at is null and not exists (select 1 from session s where s.account_id = a.account_id
      and s.user_email = a.user_email and s.product_id = l.product_id and s.started_at >= $2)`,
    [accountId, daysBefore(thresholds.idleSeatDays)],
  );
  await raw.query(
    `select license_id, count(*), sum(extract(epoch from coalesce(ended_at, $3) - started_at)) from session
    where account_id = $1 and started_at < $3 and (ended_at is null or ended_at > $2) group by 1`,
    [accountId, daysBefore(thresholds.poolWindowDays), asOf],
  );
  await raw.query(
    `select license_id, count(*) from access_event where account_id = $1 and mode in ('declined', 'take_denied')
    and occurred_at >= $2 and occurred_at < $3 group by 1`,
    [accountId, daysBefore(thresholds.denialWindowDays), asOf],
  );
  await raw.query(
    `select product_id, user_email, version, max(started_at) from session where account_id = $1
    and started_at >= $2 and started_at < $3 group by 1, 2, 3`,
    [accountId, versionsFrom, asOf],
  );
}
