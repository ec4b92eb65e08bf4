import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = join(import.meta.dirname, '../..');

// Debian's docker-compose 1.29 (installed by .ci/run) validates without a Docker engine. A
// missing binary fails this test: it is not skipped.
function composeConfig(): string {
  return execFileSync('docker-compose', ['config'], {
    cwd: ROOT,
    env: { ...process.env, HASH_SECRET: 'a'.repeat(32) },
  }).toString();
}

interface Service {
  image?: string;
  build?: unknown;
  command?: string[];
  restart?: string;
  healthcheck?: { test: string[] };
  volumes?: (string | { source: string; target: string })[];
  depends_on?: Record<string, { condition: string }>;
  ports?: unknown[];
  container_name?: string;
  environment?: Record<string, string>;
  stop_grace_period?: string;
}

describe('docker-compose.yml', () => {
  const config = parse(composeConfig()) as { services: Record<string, Service>; volumes: Record<string, unknown> };
  const services = config.services;

  it('is valid for docker-compose 1.29 (`docker-compose config -q`)', () => {
    expect(() => execFileSync('docker-compose', ['config', '-q'], { cwd: ROOT, stdio: 'pipe' })).not.toThrow();
  });

  it('has postgres, redis, migrate, app, worker and scheduler', () => {
    expect(Object.keys(services).sort()).toEqual(['app', 'migrate', 'postgres', 'redis', 'scheduler', 'worker']);
  });

  it('gives every long-running service a health check and a restart policy', () => {
    for (const name of ['postgres', 'redis', 'app', 'worker', 'scheduler']) {
      expect(services[name]?.healthcheck?.test.length, name).toBeGreaterThan(1);
      expect(services[name]?.restart, name).toBe('unless-stopped');
    }
    expect(services.migrate?.restart).toBe('on-failure');
    expect(services.app?.healthcheck?.test.join(' ')).toContain('/readyz');
    expect(services.worker?.healthcheck?.test.join(' ')).toContain('licbot-worker.alive');
    expect(services.scheduler?.healthcheck?.test.join(' ')).toContain('licbot-scheduler.alive');
  });

  it('keeps PostgreSQL and Redis data in volumes, with Redis AOF on', () => {
    expect(Object.keys(config.volumes).sort()).toEqual(['pgdata', 'redisdata']);
    const mounts = (s?: Service) =>
      (s?.volumes ?? []).map((v) => (typeof v === 'string' ? v.replace(/:rw$/, '') : `${v.source}:${v.target}`));
    expect(mounts(services.postgres)).toContain('pgdata:/var/lib/postgresql/data');
    expect(mounts(services.redis)).toContain('redisdata:/data');
    expect(services.redis?.command?.join(' ')).toContain('--appendonly yes');
  });

  it('runs the migrations once, before app, worker and scheduler start', () => {
    expect(services.migrate?.command).toEqual(['node', 'bin/licbot.js', 'migrate']);
    for (const name of ['app', 'worker', 'scheduler'])
      expect(services[name]?.depends_on?.migrate?.condition, name).toBe('service_completed_successfully');
    expect(services.app?.depends_on?.postgres?.condition).toBe('service_healthy');
    expect(services.app?.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it('runs serve, worker and scheduler; workers scale (no fixed name or port)', () => {
    expect(services.app?.command).toEqual(['node', 'bin/licbot.js', 'serve']);
    expect(services.worker?.command).toEqual(['node', 'bin/licbot.js', 'worker']);
    expect(services.scheduler?.command).toEqual(['node', 'bin/licbot.js', 'scheduler']);
    expect(services.worker?.container_name).toBeUndefined();
    expect(services.worker?.ports).toBeUndefined();
    expect(services.worker?.environment?.NODE_ENV).toBe('production');
    // Their job metrics are scraped from each replica on its own port, not published.
    expect([services.worker?.environment?.METRICS_PORT, services.scheduler?.environment?.METRICS_PORT]).toEqual([
      '9464',
      '9464',
    ]);
    expect(services.worker?.environment?.DATABASE_URL).toBe(services.app?.environment?.DATABASE_URL);
  });
});

describe('Dockerfile', () => {
  const text = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');

  it('is multi-stage, installs production dependencies only, and runs as a non-root user', () => {
    expect(text.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/npm ci --omit=dev/);
    expect(text).toMatch(/^COPY --from=deps/m);
    const user = [...text.matchAll(/^USER (\S+)/gm)].at(-1)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(text).toMatch(/^CMD \["node", "bin\/licbot\.js", "serve"\]/m);
  });

  it('keeps what the image must not hold out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', '.env', '.licbot', '.git']) expect(ignored).toContain(entry);
  });
});
