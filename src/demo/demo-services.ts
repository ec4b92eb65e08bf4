import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.js';
import { type StartedService, startEmbeddedPostgres } from './embedded-postgres.js';
import { startEmbeddedRedis } from './embedded-redis.js';
import { answers } from './net-probe.js';
import { placePostgres } from './postgres-place.js';

export interface DemoServices {
  databaseUrl: string;
  redisUrl: string;
  /** One line per service: where it is and who started it. */
  describe: string[];
  /** Stops what the demo started (never a service it found running). */
  stop(): Promise<void>;
}

const SYSTEM_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/licbot';
const SYSTEM_REDIS_URL = 'redis://127.0.0.1:6379';

const hostPort = (url: string, fallback: number) => {
  const parsed = new URL(url);
  return { host: parsed.hostname, port: Number(parsed.port || fallback) };
};
const hidePassword = (url: string) => url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');

const onPath = (binary: string, env: NodeJS.ProcessEnv) =>
  spawnSync('/bin/sh', ['-c', `command -v ${binary}`], { env: { PATH: env.PATH ?? '' } }).status === 0;

/**
 * Where the demo's PostgreSQL and Redis come from: a URL that is set, else a server on the
 * standard local port, else one the demo starts under `<root>/.licbot/` (git-ignored).
 * `embedded` skips the first two (tests and the acceptance run use it).
 */
export async function resolveDemoServices(
  env: NodeJS.ProcessEnv,
  root: string,
  embedded: boolean,
): Promise<DemoServices> {
  const started: StartedService[] = [];
  const describe: string[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
  };
  const noRedis = new UserError(
    'The demo needs Redis: nothing answers on 127.0.0.1:6379 and there is no `redis-server` on PATH.',
    'Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`; macOS: `brew install redis`) or set REDIS_URL to a running Redis.',
  );
  // Said before PostgreSQL is started, not after.
  const redisToStart = embedded || (!env.REDIS_URL && !(await answers('127.0.0.1', 6379)));
  if (redisToStart && !onPath('redis-server', env)) throw noRedis;
  try {
    const state = join(root, '.licbot');
    mkdirSync(state, { recursive: true });
    // As root the embedded PostgreSQL runs as `postgres`, which must reach its data folder.
    if (process.getuid?.() === 0) chmodSync(state, 0o755);

    let databaseUrl = embedded ? undefined : env.DATABASE_URL;
    if (databaseUrl) {
      const { host, port } = hostPort(databaseUrl, 5432);
      if (!(await answers(host, port, 2000)))
        throw new UserError(
          `PostgreSQL at ${hidePassword(databaseUrl)} (DATABASE_URL) is not reachable.`,
          'Start it (e.g. `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`), or unset DATABASE_URL to let the demo start its own.',
        );
      describe.push(`PostgreSQL: ${hidePassword(databaseUrl)} (DATABASE_URL)`);
    } else if (!embedded && (await answers('127.0.0.1', 5432))) {
      databaseUrl = SYSTEM_DATABASE_URL;
      describe.push(`PostgreSQL: ${databaseUrl} (found running)`);
    } else {
      const { dataDir, programsDir, shown } = await placePostgres(root, join(state, 'pg'));
      const pg = await startEmbeddedPostgres(dataDir, undefined, programsDir);
      started.push(pg);
      databaseUrl = pg.url;
      describe.push(`PostgreSQL: ${pg.shownUrl} (embedded, data in ${shown})`);
    }

    let redisUrl = embedded ? undefined : env.REDIS_URL;
    if (redisUrl) {
      const { host, port } = hostPort(redisUrl, 6379);
      if (!(await answers(host, port, 2000)))
        throw new UserError(
          `Redis at ${hidePassword(redisUrl)} (REDIS_URL) is not reachable.`,
          'Start it (e.g. `redis-server --daemonize yes`), or unset REDIS_URL to let the demo start its own.',
        );
      describe.push(`Redis: ${hidePassword(redisUrl)} (REDIS_URL)`);
    } else if (!embedded && (await answers('127.0.0.1', 6379))) {
      redisUrl = SYSTEM_REDIS_URL;
      describe.push(`Redis: ${redisUrl} (found running)`);
    } else {
      const redis = await startEmbeddedRedis(join(state, 'redis'));
      started.push(redis);
      redisUrl = redis.url;
      describe.push(`Redis: ${redisUrl} (started by the demo, files in .licbot/redis)`);
    }
    return { databaseUrl, redisUrl, describe, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
