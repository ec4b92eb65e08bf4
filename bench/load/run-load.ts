/**
 * One load run, shared by bench/load.ts (short, the figures) and bench/soak.ts (long, the
 * trends): starts the stack, then at once drives the event API at a fixed rate, the admins'
 * slash commands and waves of weekly reports, samples every process's memory and CPU, waits
 * for the reports to drain, stops everything and runs the raw-SQL baselines.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { dueReports } from '../../jobs/due-reports.js';
import { createQueues } from '../../jobs/queues.js';
import { openOrm } from '../../src/db/orm.js';
import { createLogger } from '../../src/logger.js';
import type { Scale } from '../../src/seed/scales.js';
import { latencySummary, round } from '../bench-helpers.js';
import { insertDueSubscriptions } from '../due-subscriptions.js';
import { type CommandSample, runAdmins, SlackWatch } from './admins.js';
import { rawSqlBaselines } from './baseline.js';
import { EventLoopLag } from './event-loop-lag.js';
import type { IngestPlan, IngestReport } from './ingest-client.js';
import { PostgresBackends, type ProcSample, procSample } from './proc-stats.js';
import { dropDatabase, INGEST_LICENSES, SIGNING_SECRET, startStack, TEAM } from './stack.js';

export interface LoadOptions {
  databaseUrl: string;
  durationS: number;
  eventsPerSecond: number;
  batch: number;
  connections: number;
  admins: number;
  thinkMs: [number, number];
  workers: number;
  scale: Scale;
  /** A wave of this many weekly subscriptions falls due every waveEveryS, from the start. */
  subscriptionsPerWave: number;
  waveEveryS: number;
  channels: number;
  sampleEveryS: number;
  /** How long the reports may take to drain after the load stops. */
  drainGraceS: number;
  baselineEvents: number;
  keepDatabase: boolean;
}

export interface Sample extends ProcSample {
  /** Seconds since the load began. */
  t: number;
}

export interface LoadRun {
  summary: Record<string, unknown>;
  /** Per process, every sample of the run (from just before the load to its end). */
  samples: Record<string, Sample[]>;
  commands: CommandSample[];
  ingestWindows: IngestReport[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const tally = (into: Record<string, number>, kind: string, n = 1) => {
  into[kind] = (into[kind] ?? 0) + n;
};

function startIngestClient(plan: IngestPlan): Promise<ChildProcess> {
  const script = fileURLToPath(new URL('./ingest-client.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, BENCH_INGEST: JSON.stringify(plan) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`ingest client exited with ${code}`)));
    child.on('message', (m: { type?: string }) => {
      if (m?.type === 'ready') resolve(child);
    });
  });
}

async function redisPid(url: string): Promise<number> {
  const client = new Redis(url);
  try {
    return Number(/process_id:(\d+)/.exec(await client.info('server'))?.[1]);
  } finally {
    client.disconnect();
  }
}

function processSummary(samples: Sample[], durationS: number) {
  const first = samples[0];
  const last = samples.at(-1);
  if (!first || !last) return undefined;
  return {
    rssMb: {
      start: round(first.rssMb),
      peak: round(Math.max(last.hwmMb, ...samples.map((s) => s.rssMb))),
      end: round(last.rssMb),
    },
    cpuSeconds: round(last.cpuSeconds - first.cpuSeconds),
    // Ready to run but waiting for a core (main thread): above cpuSeconds, the machine was the bottleneck.
    runQueueWaitSeconds: round(last.runQueueWaitSeconds - first.runQueueWaitSeconds),
    // Of one core: 100 is a core busy the whole run (the machine has availableParallelism()).
    cpuPercentOfOneCore: round(((last.cpuSeconds - first.cpuSeconds) / durationS) * 100),
  };
}

export async function runLoad(options: LoadOptions): Promise<LoadRun> {
  const loadBefore = loadavg();
  const requestsPerKeyPerMinute = (options.eventsPerSecond / options.batch / options.connections) * 60;
  const stack = await startStack({
    databaseUrl: options.databaseUrl,
    scale: options.scale,
    workers: options.workers,
    apiKeys: options.connections,
    admins: options.admins,
    // Room for a client catching up after a stall; below it, 429s would be the bench's own doing.
    apiRatePerMinute: Math.max(600, Math.ceil(requestsPerKeyPerMinute * 3)),
  });
  const logger = createLogger('warn');
  const queues = createQueues(stack.redisUrl, 'licbot', logger);
  const orm = await openOrm(stack.databaseUrl);
  const raw = new pg.Client({ connectionString: stack.databaseUrl });
  await raw.connect();
  const watch = new SlackWatch(stack.slack);
  let ingest: ChildProcess | undefined;
  let stopped = false;
  try {
    ingest = await startIngestClient({
      port: stack.port,
      keys: stack.apiKeys,
      licenses: INGEST_LICENSES.map((l) => ({ product: l.product, code: l.code, modes: [...l.modes] })),
      eventsPerSecond: options.eventsPerSecond,
      batch: options.batch,
      durationS: options.durationS,
      windowS: 10,
    });
    const pids: Record<string, number> = Object.fromEntries(stack.processes.map((p) => [p.name, p.child.pid!]));
    pids.redis = await redisPid(stack.redisUrl);
    pids['ingest client'] = ingest.pid!;
    pids['driver (admins, fake Slack)'] = process.pid;

    // Warm-up, not measured: links the Slack workspace to the account and fills the pools.
    const warm = await runAdmins({
      port: stack.port,
      secret: SIGNING_SECRET,
      team: TEAM,
      users: stack.adminIds.slice(0, 1),
      thinkMs: [0, 0],
      t0: performance.now(),
      until: performance.now() + 1,
      slack: stack.slack,
      watch,
    });
    if (warm.some((s) => s.error)) throw new Error(`warm-up command failed: ${JSON.stringify(warm)}`);

    const samples: Record<string, Sample[]> = Object.fromEntries(Object.keys(pids).map((n) => [n, []]));
    const t0 = performance.now();
    const until = t0 + options.durationS * 1000;
    const sampleAll = () => {
      const t = round((performance.now() - t0) / 1000, 2);
      for (const [name, pid] of Object.entries(pids)) {
        const s = procSample(pid);
        if (s) samples[name]!.push({ t, ...s });
      }
    };
    sampleAll();
    const sampler = setInterval(sampleAll, options.sampleEveryS * 1000);
    const backends = new PostgresBackends(stack.databaseUrl);
    await backends.start(options.sampleEveryS);
    const lag = new EventLoopLag(stack.port);
    await lag.start(5);

    const ingestWindows: IngestReport[] = [];
    const ingestDone = new Promise<IngestReport & { unsentWhenTimeRanOut: number }>((resolve) => {
      ingest!.on('message', (m: { type?: string; report?: IngestReport }) => {
        if (m?.type === 'window') ingestWindows.push(m.report!);
        if (m?.type === 'done') resolve(m.report as IngestReport & { unsentWhenTimeRanOut: number });
      });
    });
    ingest.send({ type: 'start' });
    const admins = runAdmins({
      port: stack.port,
      secret: SIGNING_SECRET,
      team: TEAM,
      users: stack.adminIds,
      thinkMs: options.thinkMs,
      t0,
      until,
      slack: stack.slack,
      watch,
    });

    // Weekly reports: a wave of subscriptions falls due now and then; each is enqueued at
    // once, as the scheduler's next tick would (same job ids, so its tick adds nothing twice).
    const subscriptionIds: number[] = [];
    const enqueueErrors: Record<string, number> = {};
    let waves = 0;
    const waveLoop = (async () => {
      while (performance.now() < until) {
        const { ids } = await insertDueSubscriptions(raw, {
          accountId: stack.accountId,
          zone: stack.zone,
          count: options.subscriptionsPerWave,
          channels: options.channels,
          channelPrefix: `CW${String(waves).padStart(3, '0')}`,
          now: new Date(),
        });
        subscriptionIds.push(...ids);
        waves += 1;
        const wave = new Set(ids);
        try {
          const due = (await dueReports(orm.em.fork(), new Date())).post.filter((p) => wave.has(p.subscriptionId));
          if (due.length !== ids.length) tally(enqueueErrors, `wave of ${ids.length} had ${due.length} due`);
          await queues.weeklyReport.addBulk(
            due.map(({ jobId, ...data }) => ({ name: 'weekly', data, opts: { jobId } })),
          );
        } catch (error) {
          tally(enqueueErrors, (error as Error).message);
        }
        const nextWave = t0 + waves * options.waveEveryS * 1000;
        while (performance.now() < Math.min(nextWave, until)) await sleep(200);
      }
    })();

    const commands = await admins;
    const ingestTotal = await ingestDone;
    await waveLoop;
    const loadSeconds = (performance.now() - t0) / 1000;
    const endOfLoad = samplesEnd(samples);
    const postgres = await backends.stop(loadSeconds);
    const serverEventLoopLag = await lag.stop();

    // Let the reports drain (bounded), then count what happened to each.
    const drainUntil = performance.now() + options.drainGraceS * 1000;
    const deliveryCounts = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (
          await raw.query<{ status: string; n: number }>(
            'select status, count(*)::int as n from delivery where subscription_id = any($1::int[]) group by 1',
            [subscriptionIds],
          )
        ).rows.map((r) => [r.status, r.n] as const),
      );
    let deliveries = await deliveryCounts();
    while (
      (deliveries.sent ?? 0) + (deliveries.failed ?? 0) < subscriptionIds.length &&
      performance.now() < drainUntil
    ) {
      await sleep(1000);
      deliveries = await deliveryCounts();
    }
    const [timeline] = (
      await raw.query<{ first: string; last: string; p50: number; max: number }>(
        `select min(created_at) as first, max(sent_at) as last,
           percentile_cont(0.5) within group (order by extract(epoch from sent_at - created_at))::float8 as p50,
           max(extract(epoch from sent_at - created_at))::float8 as max
         from delivery where subscription_id = any($1::int[]) and status = 'sent'`,
        [subscriptionIds],
      )
    ).rows;
    clearInterval(sampler);
    sampleAll();
    const afterDrain = samplesEnd(samples);
    watch.stop();
    const loadAfter = loadavg();
    const logged = Object.fromEntries(stack.processes.map((p) => [p.name, p.logged]));
    const loggedExamples = Object.fromEntries(stack.processes.map((p) => [p.name, p.examples]));
    const [{ events: storedEvents }] = (
      await raw.query<{ events: string }>('select count(*) as events from access_event where license_id = any($1)', [
        stack.licenseIds,
      ])
    ).rows as [{ events: string }];

    // The load is over: stop LicBot so the baselines have the machine to themselves.
    stopped = true;
    await raw.end();
    await orm.close();
    await queues.close();
    await stack.stop();
    const baselineEvents = Math.min(options.baselineEvents, Math.max(options.batch, ingestTotal.eventsAccepted));
    const baseline = await rawSqlBaselines({
      databaseUrl: stack.databaseUrl,
      accountId: stack.accountId,
      licenseIds: stack.licenseIds,
      count: baselineEvents,
      batch: options.batch,
      connections: options.connections,
    });
    if (!options.keepDatabase) await dropDatabase(stack.databaseUrl);

    // Over the ingest client's own run (the last admins may finish their command a little later).
    const achieved = Math.round(ingestTotal.eventsAccepted / ingestTotal.seconds);
    const commandErrors: Record<string, number> = {};
    for (const c of commands) if (c.error) tally(commandErrors, c.error);
    const byCommand: Record<string, { count: number; ackP50: number; ackP99: number; replyP99: number }> = {};
    for (const name of new Set(commands.map((c) => c.command))) {
      const these = commands.filter((c) => c.command === name);
      const ack = latencySummary(these.map((c) => c.ackMs));
      const reply = latencySummary(these.flatMap((c) => (c.replyMs === undefined ? [] : [c.replyMs])));
      byCommand[name] = { count: these.length, ackP50: ack.p50, ackP99: ack.p99, replyP99: reply.p99 };
    }
    const sent = deliveries.sent ?? 0;
    const drainSeconds = timeline?.last
      ? (new Date(timeline.last).getTime() - new Date(timeline.first).getTime()) / 1000
      : undefined;
    const ackMs = latencySummary(commands.map((c) => c.ackMs));
    const serverCpu = processSummary(
      samples.server!.filter((x) => x.t <= endOfLoad),
      loadSeconds,
    )?.cpuSeconds;
    const summary = {
      machine: {
        cores: availableParallelism(),
        node: process.version,
        // Other engineers share these cores: both sides of each comparison run on the same busy machine.
        loadAverage: { before: loadBefore.map((n) => round(n, 2)), after: loadAfter.map((n) => round(n, 2)) },
      },
      options,
      seconds: round(loadSeconds, 1),
      ingest: {
        targetEventsPerSecond: options.eventsPerSecond,
        achievedEventsPerSecond: achieved,
        fractionOfTarget: round(achieved / options.eventsPerSecond, 3),
        eventsAccepted: ingestTotal.eventsAccepted,
        eventsStored: Number(storedEvents),
        duplicates: ingestTotal.duplicates,
        batchesDue: ingestTotal.batchesDue,
        batchesSent: ingestTotal.batchesSent,
        batchesNotSentWhenTimeRanOut: ingestTotal.unsentWhenTimeRanOut,
        latencyFromDueMs: ingestTotal.latencyMs,
        latencyOnTheWireMs: ingestTotal.serviceMs,
        // What one event costs, the steadier figure on a shared machine (commands' share included).
        cpuMicrosecondsPerEvent: {
          server: round(((serverCpu ?? 0) / Math.max(1, ingestTotal.eventsAccepted)) * 1e6),
          postgres: round((postgres.cpuSeconds / Math.max(1, ingestTotal.eventsAccepted)) * 1e6),
        },
        eventsPerSecondPer10s: ingestWindows.map((w) => Math.round(w.eventsAccepted / w.seconds)),
      },
      commands: {
        admins: options.admins,
        count: commands.length,
        perSecond: round(commands.length / loadSeconds, 2),
        ackMs,
        replyMs: latencySummary(commands.flatMap((c) => (c.replyMs === undefined ? [] : [c.replyMs]))),
        serverEventLoopLag,
        answeredInTheAck: commands.filter((c) => c.replyMs !== undefined && c.replyMs === c.ackMs).length,
        byCommand,
      },
      reports: {
        waves,
        subscriptions: subscriptionIds.length,
        ...deliveries,
        notFinished: subscriptionIds.length - sent - (deliveries.failed ?? 0),
        drainSeconds: drainSeconds === undefined ? undefined : round(drainSeconds, 1),
        postsPerSecond: drainSeconds ? round(sent / drainSeconds, 2) : undefined,
        jobSecondsP50: timeline?.p50 === undefined ? undefined : round(timeline.p50, 2),
        jobSecondsMax: timeline?.max === undefined ? undefined : round(timeline.max, 2),
        slackRateLimited429s: stack.slack.rateLimited,
        fakeSlackCalls: watch.counts,
      },
      errors: {
        ingest: ingestTotal.errors,
        commands: commandErrors,
        reportsFailed: deliveries.failed ?? 0,
        enqueue: enqueueErrors,
        loggedByProcess: logged,
      },
      loggedExamples,
      processes: Object.fromEntries(
        Object.entries(samples).map(([name, s]) => [
          name,
          {
            pid: pids[name],
            ...processSummary(
              s.filter((x) => x.t <= endOfLoad + 1e-9),
              loadSeconds,
            ),
          },
        ]),
      ),
      // The PostgreSQL server is shared with other work; its backends serving this database are ours.
      postgresBackends: postgres,
      processesAfterDrain: Object.fromEntries(
        Object.entries(samples).map(([name, s]) => [name, { rssMb: round(s.at(-1)?.rssMb ?? 0) }]),
      ),
      drainedAfterSeconds: round(afterDrain - endOfLoad, 1),
      baseline: {
        ...baseline,
        httpVsCopy: round(achieved / baseline.copy.rowsPerSecond, 3),
        httpVsApiStatement: round(achieved / baseline.apiStatement.rowsPerSecond, 3),
      },
      targets: {
        ingestEventsPerSecond: {
          min: options.eventsPerSecond,
          value: achieved,
          pass: achieved >= options.eventsPerSecond * 0.98,
        },
        commandAckP99Ms: { max: 300, value: ackMs.p99, pass: ackMs.p99 < 300 },
      },
    };
    return { summary, samples, commands, ingestWindows };
  } finally {
    if (ingest && ingest.exitCode === null) ingest.kill('SIGTERM');
    watch.stop();
    if (!stopped) {
      await raw.end().catch(() => undefined);
      await orm.close().catch(() => undefined);
      await queues.close().catch(() => undefined);
      await stack.stop().catch(() => undefined);
    }
  }
}

/** The time of the latest sample of any process. */
function samplesEnd(samples: Record<string, Sample[]>): number {
  return Math.max(0, ...Object.values(samples).map((s) => s.at(-1)?.t ?? 0));
}
