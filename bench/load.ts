/**
 * bench/load: the whole of LicBot under load at once, as production runs it. Starts the real
 * `licbot serve`, `licbot worker` and `licbot scheduler` processes on a fresh database of
 * their own (licbot_bench_load, seeded with the small demo data; dropped afterwards), a
 * private redis-server and a fake Slack Web API, then concurrently:
 *   - license servers POST access events to /api/v1/events at a fixed rate (default 20,000
 *     events/s in batches of 500, over 4 keep-alive connections, one API key each);
 *   - 50 admins type signed /licstats and /sessions commands (think time 2–8 s);
 *   - a wave of 100 weekly subscriptions falls due every minute and drains through the workers.
 * Then it stops LicBot and, on the same database, runs the raw-SQL baselines (COPY, and the
 * API's own insert statement). Prints one JSON object: throughput, latency percentiles,
 * report drain rate, errors by kind, every process's RSS (start/peak/end) and CPU.
 *
 *   npm run bench:load -- [--duration 60] [--rate 20000] [--admins 50] [--connections 4]
 *     [--batch 500] [--workers 1] [--subscriptions 100] [--wave-every 60] [--scale small]
 *     [--think 2000-8000] [--out FILE]
 *
 * DATABASE_URL names the server (its database part is replaced by licbot_bench_load).
 */
import { loadOptions, printResult } from './load/options.js';
import { runLoad } from './load/run-load.js';

const { out, ...options } = loadOptions(process.argv.slice(2), { durationS: 60, sampleEveryS: 1 });
const { summary } = await runLoad(options);
printResult({ bench: 'load', ...summary }, out);
