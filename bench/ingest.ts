// Event API throughput: `npx tsx bench/ingest.ts [events per phase, default 200000]`.
// Needs PostgreSQL and Redis as for the tests (DATABASE_URL / REDIS_URL override the defaults).
//
// Builds a scratch database, starts the real server (`licbot serve`) in a child process,
// POSTs batches of 500 access events over HTTP with one client and then with four
// concurrent clients (fresh ids each time), and COPYs the same number of rows into the same
// table as the raw baseline, each phase starting from an empty table. Prints one JSON
// object and drops the database.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import pg from 'pg';
import { requireAccount } from '../src/accounts/account.service.js';
import { createApiKey } from '../src/accounts/api-key.service.js';
import { migrateDatabase } from '../src/cli/migrate.cli.js';
import { loadConfig } from '../src/config.js';
import { openOrm } from '../src/db/orm.js';
import { upsertLicense } from '../src/ingest/license-upsert.js';
import { copyAccessRows } from './bench-helpers.js';

const EVENTS = Number(process.argv[2] ?? 200_000);
const BATCH = 500;
const LICENSES = [
  { product: 'AGi32', type: 'SUL', code: 'BENCH-SUL-AGI32-0001', modes: ['full', 'limited', 'declined', 'take'] },
  { product: 'Toolbox', type: 'MUL', code: 'BENCH-MUL-TOOLBOX-02', modes: ['full', 'limited', 'declined', 'checkout'] },
  { product: 'ElumTools', type: 'MUL', code: 'BENCH-MUL-ELUM-00003', modes: ['full', 'full', 'full', 'declined'] },
] as const;

const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/licbot');
const database = `licbot_bench_${randomBytes(4).toString('hex')}`;
const url = new URL(base);
url.pathname = `/${database}`;
const env = {
  NODE_ENV: 'production',
  LOG_LEVEL: 'warn',
  DATABASE_URL: url.toString(),
  REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  QUEUE_PREFIX: `bench:${database}`,
  HASH_SECRET: randomBytes(24).toString('hex'),
  API_RATE_LIMIT_PER_MINUTE: '1000000',
  PORT: '0',
};
const config = loadConfig(env);
const admin = async (sql: string) => {
  const u = new URL(base);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  await client.query(sql).finally(() => client.end());
};

const day = 86_400_000;
const started = Date.now();
function randomEvent(i: number) {
  const license = LICENSES[i % LICENSES.length]!;
  return {
    type: 'access',
    id: randomUUID(),
    product: license.product,
    activationCode: license.code,
    user: `user${i % 250}@example.com`,
    machine: `WS-${i % 300}`,
    version: `2026.${i % 4}.0`,
    at: new Date(started - Math.floor(Math.random() * 30 * day)).toISOString(),
    mode: license.modes[i % license.modes.length]!,
  };
}

/** Request bodies made before the clock starts, so the client's own work is not measured. */
function bodies(count: number): string[] {
  return Array.from({ length: Math.ceil(count / BATCH) }, (_, b) =>
    JSON.stringify({ events: Array.from({ length: BATCH }, (_, j) => randomEvent(b * BATCH + j)) }),
  );
}

async function startServer(): Promise<{ child: ChildProcess; port: number }> {
  // BENCH_CPU_PROF=DIR writes a V8 CPU profile of the server there (open it in Chrome DevTools).
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts', 'serve'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      const match = /listening on port (\d+)/.exec(chunk.toString());
      if (match) resolve(Number(match[1]));
    });
  });
  return { child, port };
}

/** Peak resident memory of a process so far (the kernel's high-water mark). */
const peakRssMiB = (pid: number) =>
  Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024;

async function post(port: number, key: string, body: string): Promise<void> {
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body,
  });
  const answer = (await response.json()) as { accepted?: number };
  if (response.status !== 200 || answer.accepted !== BATCH)
    throw new Error(`unexpected answer ${response.status}: ${JSON.stringify(answer).slice(0, 300)}`);
}

/** Every phase starts from an empty table, so none pays for the index another one grew. */
async function emptyTable() {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  await client.query('truncate access_event').finally(() => client.end());
}

async function phase(port: number, key: string, clients: number) {
  const all = bodies(EVENTS);
  await emptyTable();
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let b = c; b < all.length; b += clients) await post(port, key, all[b]!);
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  return {
    clients,
    events: all.length * BATCH,
    seconds: round(seconds),
    eventsPerSecond: Math.round((all.length * BATCH) / seconds),
  };
}

/** The raw baseline: the same number of rows COPYed straight into access_event. */
async function copyBaseline(accountId: number, licenseIds: number[]) {
  const rows = Array.from({ length: EVENTS }, (_, i) => {
    const e = randomEvent(i);
    const licenseId = licenseIds[i % licenseIds.length]!;
    return {
      accountId,
      eventId: e.id,
      licenseId,
      mode: e.mode,
      user: e.user,
      machine: e.machine,
      version: e.version,
      at: e.at,
    };
  });
  await emptyTable();
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    const seconds = await copyAccessRows(client, rows);
    return { rows: EVENTS, seconds: round(seconds), rowsPerSecond: Math.round(EVENTS / seconds) };
  } finally {
    await client.end();
  }
}

const round = (n: number) => Math.round(n * 1000) / 1000;

async function main() {
  await migrateDatabase(config);
  const orm = await openOrm(config.DATABASE_URL);
  const em = orm.em.fork();
  const account = await requireAccount(em, 'default');
  const licenseIds: number[] = [];
  for (const l of LICENSES) {
    const input = { product: l.product, type: l.type, seats: 10, activationsAllowed: 20, expiresAt: '2030-01-01' };
    licenseIds.push(
      (await upsertLicense(em, account, { ...input, activationCode: l.code }, config.HASH_SECRET)).license.id,
    );
  }
  const { key } = await createApiKey(em, account, 'bench', 'bench');
  await orm.close();

  const loadBefore = loadavg()[0]!;
  const { child, port } = await startServer();
  let result: Record<string, unknown>;
  try {
    await post(port, key, bodies(BATCH)[0]!); // warm-up: JIT, connection pool, prepared caches
    const one = await phase(port, key, 1);
    const four = await phase(port, key, 4);
    const rss = peakRssMiB(child.pid!);
    const copy = await copyBaseline(account.id, licenseIds);
    const best = Math.max(one.eventsPerSecond, four.eventsPerSecond);
    result = {
      bench: 'ingest',
      batchSize: BATCH,
      cores: availableParallelism(),
      // Other work on the machine slows both paths alike; the ratio to COPY is the steadier figure.
      loadAverage1m: { before: round(loadBefore), after: round(loadavg()[0]!) },
      http: { oneClient: one, fourClients: four },
      copyBaseline: copy,
      httpVsCopy: {
        oneClient: round(one.eventsPerSecond / copy.rowsPerSecond),
        fourClients: round(four.eventsPerSecond / copy.rowsPerSecond),
      },
      serverPeakRssMiB: Math.round(rss),
      target: { eventsPerSecond: 20_000, fractionOfCopy: 0.25 },
      meetsTarget: best >= 20_000 && best / copy.rowsPerSecond >= 0.25,
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    await admin(`drop database if exists ${database} with (force)`);
  }
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

await main();
