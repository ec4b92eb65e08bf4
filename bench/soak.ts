/**
 * bench/soak: bench/load for 10 minutes (by default), sampling every process's RSS every
 * 5 s, then: memory growth after warm-up (the first 20% of the run) per process as a linear
 * trend over the other 80% and as first- vs last-minute medians, every error by kind, and
 * the command ack p99 overall and minute by minute. Targets: no growth after warm-up,
 * 0 errors, p99 command ack under 300 ms.
 *
 *   npm run bench:soak -- [--duration 600] [--sample 5] [...every option of bench/load.ts]
 */
import { latencySummary, round } from './bench-helpers.js';
import { memoryGrowth } from './load/growth.js';
import { loadOptions, printResult } from './load/options.js';
import { runLoad } from './load/run-load.js';

const WARM_UP_SHARE = 0.2;
/** Processes of the load itself, not of LicBot: reported, but not held to the targets. */
const HARNESS = new Set(['ingest client', 'driver (admins, fake Slack)']);

const { out, ...options } = loadOptions(process.argv.slice(2), { durationS: 600, sampleEveryS: 5 });
const run = await runLoad(options);
const summary = run.summary as {
  errors: {
    ingest: Record<string, number>;
    commands: Record<string, number>;
    reportsFailed: number;
    enqueue: Record<string, number>;
    loggedByProcess: Record<string, Record<string, number>>;
  };
  commands: { ackMs: { p99: number } };
};

const warmUpS = options.durationS * WARM_UP_SHARE;
const growth = Object.fromEntries(
  Object.entries(run.samples).map(([name, samples]) => [name, memoryGrowth(samples, warmUpS, options.durationS)]),
);
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((n, c) => n + c, 0);
// Warnings LicBot logged are listed with the errors but do not fail the target; errors do.
const loggedErrors = Object.values(summary.errors.loggedByProcess).reduce(
  (n, kinds) => n + sum(Object.fromEntries(Object.entries(kinds).filter(([k]) => !k.startsWith('warn:')))),
  0,
);
const errorCount =
  sum(summary.errors.ingest) +
  sum(summary.errors.commands) +
  summary.errors.reportsFailed +
  sum(summary.errors.enqueue) +
  loggedErrors;

const minutes = Math.ceil(options.durationS / 60);
const perMinute = Array.from({ length: minutes }, (_, m) => {
  const these = run.commands.filter((c) => c.at >= m * 60_000 && c.at < (m + 1) * 60_000);
  const ingest = run.ingestWindows.filter((_, i) => Math.floor((i * 10) / 60) === m);
  const accepted = ingest.reduce((n, w) => n + w.eventsAccepted, 0);
  const seconds = ingest.reduce((n, w) => n + w.seconds, 0);
  return {
    minute: m + 1,
    commands: these.length,
    ackP99Ms: latencySummary(these.map((c) => c.ackMs)).p99,
    ingestEventsPerSecond: seconds ? Math.round(accepted / seconds) : 0,
    ingestP99Ms: Math.max(0, ...ingest.map((w) => w.latencyMs.p99)),
  };
});

const productGrowth = Object.entries(growth).filter(([name]) => !HARNESS.has(name));
const ackP99 = summary.commands.ackMs.p99;
printResult(
  {
    bench: 'soak',
    warmUpSeconds: round(warmUpS),
    memoryGrowthAfterWarmUp: growth,
    errorCount,
    perMinute,
    targets: {
      noGrowthAfterWarmUp: {
        pass: productGrowth.every(([, g]) => g.flat),
        growing: productGrowth.filter(([, g]) => !g.flat).map(([name]) => name),
      },
      zeroErrors: { value: errorCount, pass: errorCount === 0 },
      commandAckP99UnderMs: { max: 300, value: ackP99, pass: ackP99 < 300 },
    },
    load: summary,
  },
  out,
);
