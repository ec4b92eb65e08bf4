/**
 * Read-side benchmark on a large dataset (`seed --scale large`, database licbot_large):
 * stats, the condensed session view, flags and a full-view CSV export of every session, each
 * beside a raw-SQL baseline over plain `pg` run in the same process. Prints one JSON object.
 *
 *   npx tsx bench/queries.ts            # DATABASE_URL defaults to .../licbot_large
 *   BENCH_RUNS=9 BENCH_EXPORT_RUNS=3 BENCH_ACCOUNT=default npx tsx bench/queries.ts
 *
 * It applies pending migrations first (like `licbot migrate`: the daily access-event rollup
 * is one) and, for tables never vacuumed, runs VACUUM ANALYZE as autovacuum would. Without
 * the database it builds a synthetic one (1M sessions, 3M events) and says so.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { requireAccount } from '../src/accounts/account.service.js';
import { migrateUp, openOrm } from '../src/db/orm.js';
import { thresholdsOf } from '../src/domain/flags.js';
import { resolveHistoryWindow } from '../src/domain/time-window.js';
import { computeFlags } from '../src/queries/flags.query.js';
import { licenseStats } from '../src/queries/license-stats.query.js';
import { sessionHistoryCondensed } from '../src/queries/session-history.query.js';
import { databaseExists, rawFlagAggregates, round, timePair } from './bench-helpers.js';
import { createSyntheticDatabase } from './synthetic-data.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/licbot_large';
const runs = Number(process.env.BENCH_RUNS ?? 7);
const exportRuns = Number(process.env.BENCH_EXPORT_RUNS ?? 3);
const slug = process.env.BENCH_ACCOUNT ?? 'default';

let target = url;
let synthetic = false;
if (!(await databaseExists(url))) {
  const fallback = new URL(url);
  fallback.pathname = '/licbot_bench_synthetic';
  target = fallback.toString();
  synthetic = true;
  if (!(await databaseExists(target))) {
    await createSyntheticDatabase(target, Number(process.env.BENCH_SYNTHETIC_SESSIONS ?? 1_000_000));
  }
}

const orm = await openOrm(target);
const migrated = await migrateUp(orm);
const raw = new pg.Client({ connectionString: target });
await raw.connect();
const neverVacuumed = await raw.query(
  `select relname from pg_stat_user_tables
  where relname in ('access_event', 'access_event_daily', 'session', 'activation', 'license')
    and coalesce(last_vacuum, last_autovacuum) is null`,
);
for (const { relname } of neverVacuumed.rows) await raw.query(`vacuum (analyze) ${relname}`);

const em = () => orm.em.fork();
const account = await requireAccount(em(), slug);
const now = new Date();
const [data] = (
  await raw.query(
    `select (select count(*) from session where account_id = $1)::int as sessions,
      (select count(*) from access_event where account_id = $1)::int as access_events,
      (select count(*) from license where account_id = $1)::int as licenses,
      (select count(*) from activation where account_id = $1)::int as activations`,
    [account.id],
  )
).rows;

// 1. License stats for every license, against the plain per-license, per-mode aggregate.
const [statsMs, statsRawMs] = await timePair(
  runs,
  () =>
    licenseStats(em(), account.id, { now, timeZone: account.timeZone, declinedNoteThreshold: account.denialThreshold }),
  () =>
    raw.query('select license_id, mode, count(*) from access_event where account_id = $1 group by 1, 2', [account.id]),
);

// 2. Condensed view, default window (3 months to now), whole account, against the plain group-by.
const window = resolveHistoryWindow({}, now, account.timeZone);
const [condensedMs, condensedRawMs] = await timePair(
  runs,
  () => sessionHistoryCondensed(em(), account.id, { window, now }),
  () =>
    raw.query(
      `select user_email, product_id, count(*), sum(extract(epoch from coalesce(ended_at, $4) - started_at))
      from session where account_id = $1 and started_at >= $2 and started_at < $3 group by 1, 2`,
      [account.id, window.from, window.to, now],
    ),
);

// 3. Flags, against the plain aggregates over the same rows: activations without a session in
// 30 days, session hours per pool over 28 days, denials per license over 7 days, and the
// (product, user, version) groups of 3 months.
const thresholds = thresholdsOf(account);
const flagsOnce = () => computeFlags(em(), account.id, { thresholds, now, timeZone: account.timeZone });
const [flagsMs, flagsRawMs] = await timePair(runs, flagsOnce, () =>
  rawFlagAggregates(raw, account.id, thresholds, now, window.from),
);
const found = await flagsOnce();

// 4. Full-view CSV export of every session, in a fresh process started like the CLI, beside
// COPY of the very same query TO STDOUT WITH CSV (Postgres writing the CSV itself).
const child = fileURLToPath(new URL('./export-child.ts', import.meta.url));
const { stdout } = await promisify(execFile)(
  process.execPath,
  ['--import', 'tsx', child, target, slug, String(exportRuns)],
  { maxBuffer: 1 << 20 },
);
const csv = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');

const result = {
  database: new URL(target).pathname.slice(1),
  synthetic,
  migrationsApplied: migrated,
  vacuumed: neverVacuumed.rows.map((r) => r.relname),
  account: slug,
  data,
  runs,
  stats: { ms: statsMs, rawSqlMs: statsRawMs, targetMs: 50, ok: statsMs < 50 },
  sessionsCondensed: {
    window: { from: window.from, to: window.to },
    rows: (await sessionHistoryCondensed(em(), account.id, { window, now })).length,
    ms: condensedMs,
    rawSqlMs: condensedRawMs,
    ratio: round(condensedMs / condensedRawMs, 2),
    targetRatio: 1.3,
    ok: condensedMs <= 1.3 * condensedRawMs,
  },
  flags: {
    ms: flagsMs,
    rawSqlMs: flagsRawMs,
    found: {
      idleSeats: found.idleSeats.length,
      underusedPools: found.underusedPools.length,
      frequentDenials: found.frequentDenials.length,
      outdatedVersions: found.outdatedVersions.length,
    },
  },
  csvExport: {
    ...csv,
    targets: { rateVsCopy: 0.7, peakRssMb: 200 },
    ok: csv.rateVsCopy >= 0.7 && csv.peakRssMb < 200,
  },
};
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
await raw.end();
await orm.close();
