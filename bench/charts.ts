/**
 * Weekly pool charts at the large scale: 40 MUL pools, a week of sessions each at the rate
 * of the large seed's busy pools (about 330 runs a day per pool, 5 to 180 minutes long, on
 * working hours), each turned into its seat demand (the sweep) and its PNG (SVG written
 * directly, text as glyph paths, resvg to PNG). One chart at a time with a turn of the event
 * loop between, as the weekly post opens each file while it uploads. Beside it, in the same
 * run: the sweep alone, and the raw SQL that reads a week of MUL sessions from the
 * `seed --scale large` database (DATABASE_URL, default licbot_large; skipped when absent),
 * run after the charts. Prints one JSON object; peak RSS is this process's own, read before
 * the SQL baseline. The machine's load average is printed too: on a shared machine, compare
 * charts_ms with the sweep of the same run.
 *
 *   npx tsx bench/charts.ts            # BENCH_POOLS=40 BENCH_RUNS_PER_DAY=330
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { seatDemand } from '../src/domain/seat-demand.js';
import { poolChart } from '../src/reports/charts/pool-chart.js';
import { Prng } from '../src/seed/prng.js';

const POOLS = Number(process.env.BENCH_POOLS ?? 40);
const RUNS_PER_DAY = Number(process.env.BENCH_RUNS_PER_DAY ?? 330);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/licbot_large';
const H = 3_600_000;
const from = Date.UTC(2026, 10, 23);
const to = from + 7 * 24 * H;

function poolWeek(seed: number): { starts: number[]; ends: number[]; seats: number } {
  const prng = new Prng(seed, 'charts');
  const rng = () => prng.next();
  const starts: number[] = [];
  const ends: number[] = [];
  for (let day = 0; day < 7; day++) {
    const runs = day >= 5 ? RUNS_PER_DAY / 10 : RUNS_PER_DAY;
    for (let i = 0; i < runs; i++) {
      const start = from + day * 24 * H + 7 * H + rng() * 11 * H;
      starts.push(start);
      ends.push(start + (5 + rng() * 175) * 60_000);
    }
  }
  return { starts, ends, seats: 20 + Math.floor(rng() * 30) };
}

/** The weekly report's read of its pools' sessions (product-usage.query.ts), on the large seed's last week. */
async function sqlBaseline(): Promise<{ ms: number; rows: number } | undefined> {
  // Loaded only now: the database client is no part of the charts' memory.
  const [{ default: pg }, { databaseExists }] = await Promise.all([import('pg'), import('./bench-helpers.js')]);
  if (!(await databaseExists(DATABASE_URL))) return undefined;
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    const read = () =>
      client.query(
        `select s.license_id, extract(epoch from s.started_at) * 1000 as a, extract(epoch from s.ended_at) * 1000 as b
        from session s where s.license_id = any(select id from license where type = 'MUL')
          and s.started_at < (select max(started_at) from session)
          and (s.ended_at is null or s.ended_at > (select max(started_at) from session) - interval '7 days')`,
      );
    await read();
    const t = performance.now();
    const { rowCount } = await read();
    return { ms: Math.round(performance.now() - t), rows: rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

const pools = Array.from({ length: POOLS }, (_, i) => poolWeek(i + 1));
const sessions = pools.reduce((n, p) => n + p.starts.length, 0);

let t = performance.now();
for (const p of pools) seatDemand(p.starts, p.ends, from, to);
const sweepMs = performance.now() - t;

// The first chart parses the font and loads resvg: timed apart, as a worker pays it once.
t = performance.now();
const first = pools[0]!;
poolChart(
  { label: 'warm-up', seats: first.seats, demand: seatDemand(first.starts, first.ends, from, to), period: 'week' },
  'w.png',
);
const coldFirstMs = performance.now() - t;

t = performance.now();
let bytes = 0;
for (const [i, p] of pools.entries()) {
  const demand = seatDemand(p.starts, p.ends, from, to);
  bytes += poolChart(
    { label: `Pool ${i + 1} MUL`, seats: p.seats, demand, period: '2026-11-23 – 2026-11-29' },
    `p${i}.png`,
  ).png.length;
  await new Promise((resolve) => setImmediate(resolve));
}
const chartsMs = performance.now() - t;
// Read before the SQL baseline, whose client and 80,000 rows are not the charts' memory.
const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
const baselineSql = await sqlBaseline();

console.log(
  JSON.stringify(
    {
      pools: POOLS,
      sessions,
      baseline_sql_week_of_mul_sessions_ms: baselineSql?.ms ?? null,
      baseline_sql_rows: baselineSql?.rows ?? null,
      baseline_sweep_only_ms: Math.round(sweepMs),
      cold_first_chart_ms: Math.round(coldFirstMs),
      charts_ms: Math.round(chartsMs),
      per_chart_ms: Math.round((chartsMs / POOLS) * 10) / 10,
      png_bytes_total: bytes,
      peak_rss_mb: peakRssMb,
      load_average_1m: Math.round(loadavg()[0]! * 10) / 10,
      targets: { charts_ms: 1000, peak_rss_mb: 150 },
    },
    null,
    2,
  ),
);
