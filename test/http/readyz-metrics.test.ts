import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, bootstrap } from '../../src/app.js';
import { migrateDatabase } from '../../src/cli/migrate.cli.js';
import { loadConfig } from '../../src/config.js';
import { type StartedService, startEmbeddedPostgres } from '../../src/demo/embedded-postgres.js';
import { startEmbeddedRedis } from '../../src/demo/embedded-redis.js';

// Private PostgreSQL and Redis: this file stops them, and other files use the shared ones.
describe('/readyz and /metrics', () => {
  let dir = '';
  let pg: StartedService;
  let redis: StartedService;
  let app: App;
  let base = '';
  const port = (url: string) => Number(new URL(url).port);
  const ready = async () => {
    const res = await fetch(`${base}/readyz`);
    return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
  };
  const eventually = async (status: number) => {
    let last = await ready();
    for (let i = 0; i < 60 && last.status !== status; i++) {
      await new Promise((r) => setTimeout(r, 250));
      last = await ready();
    }
    return last;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'licbot-readyz-'));
    chmodSync(dir, 0o755);
    // One after the other, so afterAll stops whichever started if the other did not.
    pg = await startEmbeddedPostgres(join(dir, 'pg'));
    redis = await startEmbeddedRedis(join(dir, 'redis'));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: pg.url, REDIS_URL: redis.url });
    await migrateDatabase({ ...config });
    app = await bootstrap(config);
    base = `http://127.0.0.1:${await app.listen(0)}`;
  }, 120_000);
  afterAll(async () => {
    await app?.close().catch(() => undefined);
    await redis?.stop();
    await pg?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is ready with both services up and migrations applied', async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });

  it('turns 503 naming Redis while Redis is away, and 200 when it is back', async () => {
    await redis.stop();
    const down = await eventually(503);
    expect(down.status).toBe(503);
    expect(down.body.reason).toBe('redis unreachable');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    redis = await startEmbeddedRedis(join(dir, 'redis'), port(redis.url));
    expect((await eventually(200)).status).toBe(200);
  });

  it('turns 503 naming the database while PostgreSQL is away, and 200 when it is back', async () => {
    await pg.stop();
    const down = await eventually(503);
    expect(down.body.reason).toBe('database unreachable');
    pg = await startEmbeddedPostgres(join(dir, 'pg'), port(pg.url));
    expect((await eventually(200)).status).toBe(200);
  }, 60_000);

  it('turns 503 while a migration is pending', async () => {
    const sql = app.orm.em.getConnection();
    // Forget the last migration was applied (its tables stay): to the check it is pending.
    const [row] = await sql.execute<{ name: string }[]>(
      'delete from mikro_orm_migrations where name = (select max(name) from mikro_orm_migrations) returning name',
    );
    const pending = await ready();
    expect(pending.status).toBe(503);
    expect(pending.body.reason).toBe('1 migration(s) pending: run licbot migrate');
    await sql.execute('insert into mikro_orm_migrations (name) values (?)', [row!.name]);
    expect((await ready()).status).toBe(200);
  });

  it('serves Prometheus metrics: commands, events, queues, jobs, deliveries and the process', async () => {
    const res = await fetch(`${base}/metrics`);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const text = await res.text();
    for (const name of [
      'licbot_command_duration_seconds',
      'licbot_events_total',
      'licbot_job_duration_seconds',
      'licbot_deliveries_total',
      'process_resident_memory_bytes',
      'nodejs_eventloop_lag_seconds',
    ])
      expect(text).toContain(`# TYPE ${name}`);
    expect(text).toMatch(/licbot_queue_jobs\{queue="csv-export",state="waiting"\} \d+/);
  });
});
