/**
 * Weekly report pipeline on the large dataset (`seed --scale large`, database licbot_large):
 * 500 subscriptions of one account, due now, drained by one worker process (a child, so its
 * peak RSS is its own) through the real Slack delivery adapter into the fake Slack Web API,
 * which enforces one message per second per channel and a workspace-wide limit per minute
 * (429 + Retry-After beyond them). Beside it, one computeWeeklyReport against raw-SQL
 * baselines of its heaviest parts over plain `pg`, in the same run. Prints one JSON object.
 *
 *   npx tsx bench/reports.ts          # DATABASE_URL defaults to .../licbot_large
 *   BENCH_SUBSCRIPTIONS=500 BENCH_CHANNELS=100 BENCH_WORKSPACE_PER_MINUTE=300 BENCH_RUNS=3 npx tsx bench/reports.ts
 *
 * The subscriptions (and their deliveries) are inserted for the run and deleted after it;
 * the queues live under a prefix of this run's own and are obliterated at the end. Without
 * licbot_large it uses the synthetic database of bench/queries.ts (building it if needed).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { dueReports } from '../jobs/due-reports.js';
import { createQueues, queueList } from '../jobs/queues.js';
import { weeklyReportProcessor } from '../jobs/weekly-report.processor.js';
import { requireAccount } from '../src/accounts/account.service.js';
import { migrateUp, openOrm } from '../src/db/orm.js';
import { thresholdsOf } from '../src/domain/flags.js';
import { reportWeek } from '../src/domain/weekly-schedule.js';
import { createLogger } from '../src/logger.js';
import { computeFlags } from '../src/queries/flags.query.js';
import { computeWeeklyReport } from '../src/reports/weekly.report.js';
import { FakeSlack } from '../test/helpers/fake-slack.js';
import { databaseExists, median, rawFlagAggregates, round } from './bench-helpers.js';
import { insertDueSubscriptions } from './due-subscriptions.js';
import { createSyntheticDatabase } from './synthetic-data.js';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/licbot_large';
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const slug = process.env.BENCH_ACCOUNT ?? 'default';
const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 500);
const CHANNELS = Number(process.env.BENCH_CHANNELS ?? 100);
const PER_CHANNEL_MS = 1000;
const WORKSPACE_PER_MINUTE = Number(process.env.BENCH_WORKSPACE_PER_MINUTE ?? 300);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const DRAIN_TIMEOUT_MS = Number(process.env.BENCH_DRAIN_TIMEOUT_S ?? 900) * 1000;
const TARGET_RATIO = 1.2;

/**
 * The earliest instant (s after the first post) the fake's limits let the last of `n` posts
 * through, posts going round-robin over the channels as the subscriptions are laid out: post
 * k of a channel no sooner than `perChannelMs` after k-1, and post i overall no sooner than
 * 60 s after post i-W (the fake's sliding minute). Zero latency, zero work: a lower bound.
 */
function leastDrainSeconds(n: number, channels: number, perChannelMs: number, perMinute: number): number {
  const at: number[] = [];
  const lastInChannel = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const channel = i % channels;
    const last = lastInChannel.get(channel);
    let t = last === undefined ? 0 : last + perChannelMs;
    if (i >= perMinute) t = Math.max(t, at[i - perMinute]! + 60_000);
    at.push(t);
    lastInChannel.set(channel, t);
  }
  return round(Math.max(0, ...at) / 1000, 2);
}

/** Medians of several contenders measured in alternation after one warm-up each. */
async function timeAlternating(runs: number, fns: (() => Promise<unknown>)[]): Promise<number[]> {
  for (const fn of fns) await fn();
  const times = fns.map(() => [] as number[]);
  for (let r = 0; r < runs; r++) {
    for (const [i, fn] of fns.entries()) {
      const start = performance.now();
      await fn();
      times[i]!.push(performance.now() - start);
    }
  }
  return times.map((t) => round(median(t)));
}

function vmHwmMb(pid: number): number | undefined {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

// --- data -------------------------------------------------------------------------------
let target = url;
let synthetic = false;
if (!(await databaseExists(url))) {
  const fallback = new URL(url);
  fallback.pathname = '/licbot_bench_synthetic';
  target = fallback.toString();
  synthetic = true;
  if (!(await databaseExists(target)))
    await createSyntheticDatabase(target, Number(process.env.BENCH_SYNTHETIC_SESSIONS ?? 1_000_000));
}
const orm = await openOrm(target);
await migrateUp(orm);
const raw = new pg.Client({ connectionString: target });
await raw.connect();
const neverVacuumed = await raw.query(
  `select relname from pg_stat_user_tables
  where relname in ('access_event', 'access_event_daily', 'session', 'activation', 'license')
    and coalesce(last_vacuum, last_autovacuum) is null`,
);
for (const { relname } of neverVacuumed.rows) await raw.query(`vacuum (analyze) ${relname}`);

const account = await requireAccount(orm.em.fork(), slug);
const zone = account.timeZone;
const runId = `${process.pid}-${Date.now().toString(36)}`;
const prefix = `bench-reports-${runId}`;
const logger = createLogger('warn');

const started = new Date();
// Channel ids like Slack's (C…), unique to the run; subscription g posts in channel g mod CHANNELS.
const channelPrefix = `CB${runId.replace(/[^a-z0-9]/gi, '').toUpperCase()}`;

const subscriptionIds: number[] = [];
let child: ChildProcess | undefined;
const slack = await new FakeSlack().start();
slack.limits = { perChannelMs: PER_CHANNEL_MS, workspacePerMinute: WORKSPACE_PER_MINUTE };
const queues = createQueues(redisUrl, prefix, logger);

// The report's figures are stored once computed (weekly_report_snapshot): this run computes them.
await raw.query('delete from weekly_report_snapshot where account_id = $1', [account.id]);

try {
  // Every subscription is due two minutes ago on the account's clocks: one period, one zone.
  const inserted = await insertDueSubscriptions(raw, {
    accountId: account.id,
    zone,
    count: SUBSCRIPTIONS,
    channels: CHANNELS,
    channelPrefix,
    now: started,
  });
  const { periodKey } = inserted;
  subscriptionIds.push(...inserted.ids);
  const ours = new Set(subscriptionIds);

  // --- one report, beside raw SQL ------------------------------------------------------
  const week = reportWeek(periodKey, zone);
  const thresholds = thresholdsOf(account);
  const threeMonthsBefore = new Date(week.to);
  threeMonthsBefore.setUTCMonth(threeMonthsBefore.getUTCMonth() - 3);
  const [reportMs, flagsMs, rawFlagsMs, rawCondensedMs] = await timeAlternating(RUNS, [
    () => computeWeeklyReport(orm.em.fork(), account, { periodKey, zone, now: new Date() }),
    () => computeFlags(orm.em.fork(), account.id, { thresholds, now: week.to, timeZone: zone }),
    // The flags' plain aggregates at the week's end.
    () => rawFlagAggregates(raw, account.id, thresholds, week.to, threeMonthsBefore),
    // The condensed week (the CSV's rows) as one plain group-by.
    () =>
      raw.query(
        `select user_email, product_id, count(*), sum(extract(epoch from coalesce(ended_at, $3) - started_at))
        from session where account_id = $1 and started_at >= $2 and started_at < $3 group by 1, 2`,
        [account.id, week.from, week.to],
      ),
  ]);

  // --- the drain ------------------------------------------------------------------------
  const workerScript = fileURLToPath(new URL('./reports-worker.ts', import.meta.url));
  child = spawn(process.execPath, ['--import', 'tsx', workerScript], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env.BENCH_WORKER_LOG_LEVEL ?? 'warn',
      DATABASE_URL: target,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      SLACK_BOT_TOKEN: 'xoxb-bench',
      SLACK_API_URL: slack.apiUrl,
    },
    // The worker's log goes to stderr: stdout carries only the JSON result.
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  const worker = child;
  type WorkerMessage = {
    type: string;
    computations?: number;
    peakRssMb?: number;
    cpuSeconds?: number;
    concurrency?: number;
    unpacedShares?: boolean;
  };
  const nextMessage = (type: string, timeoutMs: number) =>
    new Promise<WorkerMessage>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`worker sent no ${type} in ${timeoutMs} ms`)), timeoutMs);
      const onMessage = (m: WorkerMessage) => {
        if (m?.type !== type) return;
        clearTimeout(timer);
        worker.off('message', onMessage);
        resolve(m);
      };
      worker.on('message', onMessage);
      worker.once('exit', (code) => reject(new Error(`worker exited (${code}) before sending ${type}`)));
    });
  const ready = await nextMessage('ready', 60_000);

  // What the scheduler's weekly tick would enqueue now, for our subscriptions.
  const due = await dueReports(orm.em.fork(), new Date());
  const jobs = due.post.filter((p) => ours.has(p.subscriptionId));
  if (jobs.length !== SUBSCRIPTIONS) throw new Error(`expected ${SUBSCRIPTIONS} due posts, got ${jobs.length}`);
  const drainStart = performance.now();
  const drainStartedAt = new Date();
  await queues.weeklyReport.addBulk(jobs.map(({ jobId, ...data }) => ({ name: 'weekly', data, opts: { jobId } })));
  let sent = 0;
  while (sent < SUBSCRIPTIONS) {
    if (performance.now() - drainStart > DRAIN_TIMEOUT_MS) throw new Error(`drain timed out with ${sent} sent`);
    await new Promise((r) => setTimeout(r, 100));
    const [row] = (
      await raw.query<{ n: number }>(
        `select count(*)::int as n from delivery where subscription_id = any($1::int[]) and status = 'sent'`,
        [subscriptionIds],
      )
    ).rows;
    sent = row?.n ?? 0;
  }
  const drainSeconds = round((performance.now() - drainStart) / 1000, 2);
  const workerVmHwmMb = worker.pid ? vmHwmMb(worker.pid) : undefined;
  const stopped = nextMessage('stopped', 60_000);
  worker.send({ type: 'stop' });
  const { computations, peakRssMb, cpuSeconds } = await stopped;

  // --- what Slack got -----------------------------------------------------------------
  let posts = 0;
  let duplicates = 0;
  let filesShared = 0;
  for (const [channel, messages] of slack.channels) {
    const byKey = new Map<string, number>();
    for (const m of slack.deliveryPosts(channel)) {
      const key = String(m.metadata?.event_payload.key);
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      posts += 1;
    }
    for (const n of byKey.values()) if (n > 1) duplicates += n - 1;
    filesShared += messages.filter((m) => m.files?.length).length;
  }
  const [timeline] = (
    await raw.query(
      `select count(*) filter (where file_sent)::int as files_recorded, max(attempts)::int as max_attempts,
        extract(epoch from min(sent_at) - $2::timestamptz)::float8 as first_sent_s,
        percentile_cont(0.5) within group (order by extract(epoch from sent_at - created_at))::float8 as job_p50_s,
        max(extract(epoch from sent_at - created_at))::float8 as job_max_s
      from delivery where subscription_id = any($1::int[])`,
      [subscriptionIds, drainStartedAt],
    )
  ).rows;
  // Deliveries finished in each 10 s of the drain, empty ones included.
  const sentPer10s = (
    await raw.query<{ n: number }>(
      `with done as (select floor(extract(epoch from sent_at - $2::timestamptz) / 10)::int as bucket
        from delivery where subscription_id = any($1::int[]) and sent_at is not null)
      select b, (select count(*)::int from done where bucket = b) as n
      from generate_series(0, (select max(bucket) from done)) b order by b`,
      [subscriptionIds, drainStartedAt],
    )
  ).rows.map((r) => r.n);

  const perChannel = Math.ceil(SUBSCRIPTIONS / CHANNELS);
  const least = leastDrainSeconds(SUBSCRIPTIONS, CHANNELS, PER_CHANNEL_MS, WORKSPACE_PER_MINUTE);
  const ratio = round(drainSeconds / least, 2);
  const result = {
    bench: 'reports',
    database: new URL(target).pathname.slice(1),
    synthetic,
    account: slug,
    zone,
    periodKey,
    subscriptions: SUBSCRIPTIONS,
    channels: CHANNELS,
    limits: { perChannelMs: PER_CHANNEL_MS, workspacePerMinute: WORKSPACE_PER_MINUTE },
    leastDrainSeconds: least,
    leastDrainBasis: {
      perChannelSeconds: ((perChannel - 1) * PER_CHANNEL_MS) / 1000,
      // The adapter's ChannelPacer also spaces the CSV share 1 s after its message; the fake
      // limits chat.postMessage only, so this is the adapter's own floor, not the fake's.
      perChannelWithCsvSharesSeconds: ((2 * perChannel - 1) * PER_CHANNEL_MS) / 1000,
      workspaceSeconds: Math.floor((SUBSCRIPTIONS - 1) / WORKSPACE_PER_MINUTE) * 60,
    },
    drainSeconds,
    ratio,
    posts,
    filesShared,
    duplicates,
    rateLimited: slack.rateLimited,
    reportComputations: computations,
    worker: {
      processes: 1,
      inChildProcess: true,
      weeklyReportConcurrency: ready.concurrency,
      // Production unless BENCH_WORKER_CONCURRENCY or BENCH_UNPACED_SHARES changed it (see reports-worker.ts).
      variant:
        ready.concurrency === weeklyReportProcessor.concurrency && !ready.unpacedShares
          ? 'as shipped'
          : `what-if: concurrency ${ready.concurrency}${ready.unpacedShares ? ', CSV shares not paced behind their message' : ''}`,
      firstPostSentAfterSeconds: round(Number(timeline.first_sent_s), 2),
      jobSecondsP50: round(Number(timeline.job_p50_s), 2),
      jobSecondsMax: round(Number(timeline.job_max_s), 2),
      maxAttempts: timeline.max_attempts,
      filesRecorded: timeline.files_recorded,
      sentPer10s,
      // The whole worker process, start-up and the one report computation included.
      cpuSeconds,
      cpuMsPerPost: round(((cpuSeconds ?? 0) * 1000) / SUBSCRIPTIONS),
      csvBytesPerPost: Math.round(
        slack.uploads().reduce((n, u) => n + (u.bytes?.length ?? 0), 0) / Math.max(1, slack.uploads().length),
      ),
    },
    computeWeeklyReportMs: reportMs,
    computeFlagsMs: flagsMs,
    baselineFlagsRawSqlMs: rawFlagsMs,
    baselineCondensedWeekRawSqlMs: rawCondensedMs,
    reportVsFlagsRawSql: round(reportMs! / rawFlagsMs!, 2),
    runs: RUNS,
    workerPeakRssMb: peakRssMb,
    workerVmHwmMb,
    targets: {
      ratio: { max: TARGET_RATIO, value: ratio, pass: ratio <= TARGET_RATIO },
      duplicates: { max: 0, value: duplicates, pass: duplicates === 0 },
      reportComputations: { max: 1, value: computations, pass: computations === 1 },
    },
  };
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  if (child && child.exitCode === null) child.kill('SIGTERM');
  if (subscriptionIds.length) {
    await raw.query('delete from delivery where subscription_id = any($1::int[])', [subscriptionIds]);
    await raw.query('delete from subscription where id = any($1::int[])', [subscriptionIds]);
  }
  await raw.query('delete from weekly_report_snapshot where account_id = $1', [account.id]);
  await Promise.all(queueList(queues).map((q) => q.obliterate({ force: true })));
  await queues.close();
  await slack.stop();
  await raw.end();
  await orm.close();
}
