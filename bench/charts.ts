/**
 * Weekly pool charts at the large scale: 40 MUL pools, a week of sessions each at the rate
 * of the large seed's busy pools (about 330 runs a day per pool, 5 to 180 minutes long, on
 * working hours), each turned into its seat demand (the sweep) and its PNG (ECharts SSR →
 * SVG → resvg). Beside it, the sweep alone as the baseline, in the same run. Prints one
 * JSON object; peak RSS is this process's own (nothing else runs in it).
 *
 *   npx tsx bench/charts.ts            # BENCH_POOLS=40 BENCH_RUNS_PER_DAY=330
 */
import { performance } from 'node:perf_hooks';
import { seatDemand } from '../src/domain/seat-demand.js';
import { poolChart } from '../src/reports/charts/pool-chart.js';
import { Prng } from '../src/seed/prng.js';

const POOLS = Number(process.env.BENCH_POOLS ?? 40);
const RUNS_PER_DAY = Number(process.env.BENCH_RUNS_PER_DAY ?? 330);
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

const pools = Array.from({ length: POOLS }, (_, i) => poolWeek(i + 1));
const sessions = pools.reduce((n, p) => n + p.starts.length, 0);

let t = performance.now();
for (const p of pools) seatDemand(p.starts, p.ends, from, to);
const sweepMs = performance.now() - t;

// The first chart loads ECharts' modules and the fonts: timed apart, as a worker pays it once.
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
}
const chartsMs = performance.now() - t;

console.log(
  JSON.stringify(
    {
      pools: POOLS,
      sessions,
      baseline_sweep_only_ms: Math.round(sweepMs),
      cold_first_chart_ms: Math.round(coldFirstMs),
      charts_ms: Math.round(chartsMs),
      per_chart_ms: Math.round((chartsMs / POOLS) * 10) / 10,
      png_bytes_total: bytes,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
      targets: { charts_ms: 1000, peak_rss_mb: 150 },
    },
    null,
    2,
  ),
);
