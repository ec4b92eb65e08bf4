import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { migrateUp, openOrm } from '../../src/db/orm.js';
import { realClockEnv } from './private-redis.js';
import { databaseUrl } from './services.js';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
/** PostgreSQL refuses to run as root; as root the server runs as the system's `postgres` user. */
const RUN_AS = 'postgres';

/** The uid/gid the server runs as: ours, or `postgres` when we are root. */
function owner(): { uid?: number; gid?: number } {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, RUN_AS]).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** How a stop ends the server: `fast` (SIGINT) cuts sessions and checkpoints; `immediate` (SIGQUIT) is a crash. */
export type StopMode = 'fast' | 'immediate';

/**
 * A PostgreSQL server of the test's own (initdb into a temp folder, trust auth, 127.0.0.1
 * only, no Unix socket, fsync off), so a test can kill, restart and starve it without
 * touching the shared server every other test file and engineer uses. The database
 * `licbot` in it is migrated by `createDatabase()`.
 */
export class PrivatePostgres {
  private child?: ChildProcess;
  private readonly dir: string;
  private log = '';

  constructor(
    readonly port: number,
    /** Extra `-c name=value` settings (`max_connections=…`). */
    private readonly settings: Record<string, string | number> = {},
  ) {
    this.dir = mkdtempSync(join(tmpdir(), 'licbot-pg-'));
  }

  /** A URL of database `name` on this server. */
  url(name = 'licbot'): string {
    return databaseUrl(`postgres://postgres@127.0.0.1:${this.port}/postgres`, name);
  }

  private get dataDir(): string {
    return join(this.dir, 'data');
  }

  async start(): Promise<this> {
    const { uid, gid } = owner();
    if (uid !== undefined && gid !== undefined) chownSync(this.dir, uid, gid);
    if (!existsSync(join(this.dataDir, 'PG_VERSION')))
      execFileSync(
        join(BIN, 'initdb'),
        ['-D', this.dataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'],
        { uid, gid, stdio: 'pipe', env: realClockEnv(), cwd: this.dir },
      );
    const settings = { fsync: 'off', full_page_writes: 'off', ...this.settings };
    const child = spawn(
      join(BIN, 'postgres'),
      [
        '-D',
        this.dataDir,
        '-p',
        String(this.port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
      ],
      { uid, gid, cwd: this.dir, stdio: ['ignore', 'ignore', 'pipe'], env: realClockEnv() },
    );
    this.child = child;
    this.log = '';
    // The port opens before crash recovery is over; the server says when it takes connections.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`private PostgreSQL did not start:\n${this.log}`)), 60_000);
      child.stderr?.on('data', (chunk: Buffer) => {
        this.log = (this.log + chunk.toString()).slice(-4000);
        if (this.log.includes('ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`private PostgreSQL exited with ${code}:\n${this.log}`));
      });
    });
    return this;
  }

  /** Stops the server (`immediate`: as a crash, recovery runs at the next start). */
  async stop(mode: StopMode = 'fast'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }

  async restart(mode: StopMode = 'fast'): Promise<void> {
    await this.stop(mode);
    await this.start();
  }

  /** Stops the server and removes its data folder. */
  async destroy(): Promise<void> {
    await this.stop('immediate');
    await rm(this.dir, { recursive: true, force: true });
  }

  /** One statement on the maintenance database, as the superuser. */
  async admin<T extends pg.QueryResultRow = pg.QueryResultRow>(text: string, params?: unknown[]): Promise<T[]> {
    const client = new pg.Client({ connectionString: this.url('postgres') });
    await client.connect();
    try {
      return (await client.query<T>(text, params)).rows;
    } finally {
      await client.end();
    }
  }

  /**
   * Ends every session of database `name` but the caller's (pg_terminate_backend: the
   * backend answers `57P01 terminating connection due to administrator command`).
   */
  async terminateSessions(name = 'licbot'): Promise<number> {
    const rows = await this.admin<{ n: number }>(
      'select count(pg_terminate_backend(pid))::int as n from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [name],
    );
    return rows[0]?.n ?? 0;
  }

  /** Creates database `name` and applies every migration, as `licbot migrate` would. */
  async createDatabase(name = 'licbot'): Promise<string> {
    await this.admin(`create database ${pg.escapeIdentifier(name)}`);
    const orm = await openOrm(this.url(name));
    try {
      await migrateUp(orm);
    } finally {
      await orm.close();
    }
    return this.url(name);
  }
}
