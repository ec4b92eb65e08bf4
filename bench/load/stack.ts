/**
 * The system under load, as production runs it: a scratch database seeded with demo data,
 * a redis-server of its own, a fake Slack Web API, and the real `licbot serve`,
 * `licbot worker` (as many as asked) and `licbot scheduler` processes. Each LicBot process
 * logs JSON at warn level to a pipe; warnings and errors are tallied by message, so the
 * benchmark reports what went wrong inside as well as what its clients saw.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { requireAccount } from '../../src/accounts/account.service.js';
import { createApiKey } from '../../src/accounts/api-key.service.js';
import { migrateDatabase } from '../../src/cli/migrate.cli.js';
import { loadConfig } from '../../src/config.js';
import { openOrm } from '../../src/db/orm.js';
import { upsertLicense } from '../../src/ingest/license-upsert.js';
import type { Scale } from '../../src/seed/scales.js';
import { seedAccount } from '../../src/seed/seed.service.js';
import { FakeSlack } from '../../test/helpers/fake-slack.js';
import { freePort, PrivateRedis } from '../../test/helpers/private-redis.js';

export interface StackOptions {
  databaseUrl: string;
  scale: Scale;
  workers: number;
  /** One API key (one license server) per ingest connection. */
  apiKeys: number;
  admins: number;
  /** The API's per-key limit, set for the planned rate (the default 600/min is for one server). */
  apiRatePerMinute: number;
}

/** The licenses the ingest clients report on, registered with full codes (the seed keeps only hashes). */
export const INGEST_LICENSES = [
  { product: 'AGi32', type: 'SUL', code: 'LOAD-SUL-AGI32-000001', modes: ['full', 'full', 'limited', 'take'] },
  { product: 'Toolbox', type: 'MUL', code: 'LOAD-MUL-TOOLBOX-0002', modes: ['full', 'full', 'declined', 'checkout'] },
  { product: 'ElumTools', type: 'MUL', code: 'LOAD-MUL-ELUM-0000003', modes: ['full', 'full', 'full', 'limited'] },
] as const;

export const SIGNING_SECRET = 'bench-load-signing-secret-0123456789';
export const TEAM = 'T0LOAD';

/** A running LicBot process and the warnings/errors it logged, by message. */
export interface LicbotProcess {
  name: string;
  child: ChildProcess;
  logged: Record<string, number>;
  /** The first line of each kind, for diagnosis (LicBot's logger has already scrubbed secrets). */
  examples: Record<string, string>;
}

export interface Stack {
  databaseUrl: string;
  redisUrl: string;
  port: number;
  accountId: number;
  zone: string;
  /** The ids of INGEST_LICENSES, in order. */
  licenseIds: number[];
  apiKeys: string[];
  adminIds: string[];
  slack: FakeSlack;
  redis: PrivateRedis;
  processes: LicbotProcess[];
  seeded: { sessions: number; events: number; licenses: number; users: number };
  stop(): Promise<void>;
}

const PINO_LEVELS: Record<number, string> = { 40: 'warn', 50: 'error', 60: 'fatal' };

function startLicbot(name: string, args: string[], env: NodeJS.ProcessEnv, ready: RegExp): Promise<LicbotProcess> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=bench/results/prof") go to every LicBot process.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'src/main.ts', ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const proc: LicbotProcess = { name, child, logged: {}, examples: {} };
  const tally = (kind: string, line: string) => {
    proc.logged[kind] = (proc.logged[kind] ?? 0) + 1;
    proc.examples[kind] ??= line.slice(0, 600);
  };
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`${name} exited with ${code} before it was ready`));
    child.once('exit', onExit);
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (ready.test(line)) {
        child.off('exit', onExit);
        resolve(proc);
        return;
      }
      if (!line.startsWith('{')) return;
      try {
        const entry = JSON.parse(line) as { level?: number; msg?: string };
        const level = PINO_LEVELS[entry.level ?? 0];
        if (level) tally(`${level}: ${entry.msg ?? '(no message)'}`, line);
      } catch {}
    });
    createInterface({ input: child.stderr! }).on('line', (line) => tally('stderr', line));
  });
}

async function stopProcess(proc: LicbotProcess): Promise<void> {
  const { child } = proc;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(timer);
}

async function adminQuery(databaseUrl: string, sqlText: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  await client.query(sqlText).finally(() => client.end());
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
  await adminQuery(databaseUrl, `drop database if exists "${name}" with (force)`);
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const adminIds = Array.from({ length: options.admins }, (_, i) => `UADMIN${String(i).padStart(3, '0')}`);
  const filesDir = await mkdtemp(join(tmpdir(), 'licbot-bench-load-'));
  const base = {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl,
    HASH_SECRET: randomBytes(24).toString('hex'),
    API_RATE_LIMIT_PER_MINUTE: String(options.apiRatePerMinute),
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench-load',
    ADMINS: adminIds.map((id) => `slack:${id}`).join(','),
    FILES_DIR: filesDir,
  };
  const config = loadConfig(base);

  // A fresh database each run: the figures never depend on what an earlier run left.
  await dropDatabase(options.databaseUrl);
  await migrateDatabase(config);
  const summary = await seedAccount(config, {
    scale: options.scale,
    seed: 1,
    endMs: Math.floor(Date.now() / 60_000) * 60_000,
    account: 'default',
  });
  const orm = await openOrm(options.databaseUrl);
  const em = orm.em.fork();
  const account = await requireAccount(em, 'default');
  const licenseIds: number[] = [];
  for (const l of INGEST_LICENSES) {
    const input = { product: l.product, type: l.type, seats: 50, activationsAllowed: 100, expiresAt: '2099-12-31' };
    licenseIds.push(
      (await upsertLicense(em, account, { ...input, activationCode: l.code }, config.HASH_SECRET)).license.id,
    );
  }
  const apiKeys: string[] = [];
  for (let i = 0; i < options.apiKeys; i++)
    apiKeys.push((await createApiKey(em, account, `license server ${i + 1}`, 'bench')).key);
  await orm.close();

  const redis = await new PrivateRedis(await freePort()).start();
  const slack = await new FakeSlack().start();
  // Slack's posting limits (1 message per second per channel, a workspace-wide cap per minute).
  slack.limits = { perChannelMs: 1000, workspacePerMinute: 600 };
  const port = await freePort();
  const env = { ...process.env, ...base, REDIS_URL: redis.url, SLACK_API_URL: slack.apiUrl, PORT: String(port) };
  const processes: LicbotProcess[] = [];
  const stop = async () => {
    await Promise.all(processes.map(stopProcess));
    await slack.stop();
    await redis.stop();
    await rm(filesDir, { recursive: true, force: true });
  };
  try {
    processes.push(await startLicbot('server', ['serve'], env, /listening on port/));
    for (let i = 1; i <= options.workers; i++)
      processes.push(await startLicbot(`worker${i}`, ['worker'], env, /worker running/));
    processes.push(await startLicbot('scheduler', ['scheduler'], env, /scheduler running/));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    databaseUrl: options.databaseUrl,
    redisUrl: redis.url,
    port,
    accountId: account.id,
    zone: account.timeZone,
    licenseIds,
    apiKeys,
    adminIds,
    slack,
    redis,
    processes,
    seeded: {
      sessions: summary.usage.sessions,
      events: summary.usage.events,
      licenses: summary.licenses.length,
      users: summary.users,
    },
    stop,
  };
}
