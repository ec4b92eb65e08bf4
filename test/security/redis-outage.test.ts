import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconnectDelay } from '../../src/observability/redis-connection.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { captureLogs } from '../helpers/log-capture.js';
import { freePort, PrivateRedis } from '../helpers/private-redis.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const FAILURES_ALLOWED = 5;
const UNREACHABLE =
  'Redis unreachable: /readyz answers 503, API limits count in this process only, reconnecting with backoff';
const BACK = 'Redis reachable again';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until `check` holds (the server notices a lost or returned Redis on its own time). */
async function until(check: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  for (const began = Date.now(); !(await check()); await sleep(100))
    if (Date.now() - began > ms) throw new Error(`still not: ${what}`);
}

describe('with Redis down: said once, /readyz names it, limits go on in memory', () => {
  const db = useTestDatabase();
  let redis: PrivateRedis;
  let key = '';
  const logs = captureLogs();
  beforeAll(async () => {
    redis = await new PrivateRedis(await freePort()).start();
    key = await accountWithLicenses(db(), await createDefaultAccount(db(), 'acme'), []);
  });
  afterAll(async () => {
    await redis?.stop();
  });
  const api = useApiServer(
    db,
    () => ({
      REDIS_URL: redis.url,
      API_AUTH_FAILURES_PER_MINUTE: FAILURES_ALLOWED,
      API_RATE_LIMIT_PER_MINUTE: 1000,
      TRUST_PROXY: ['loopback'],
    }),
    { logger: logs.logger },
  );
  const ready = async () => {
    const res = await fetch(api().url('/readyz'));
    return { status: res.status, body: (await res.json()) as { reason?: string } };
  };
  const failFrom = async (address: string) =>
    (
      await api().send(
        'PUT',
        '/api/v1/licenses',
        `lbk_${randomBytes(32).toString('base64url')}`,
        { licenses: [] },
        {
          'x-forwarded-for': address,
        },
      )
    ).status;
  const said = (msg: string) => logs.entries().filter((e) => e.msg === msg);

  it('is ready while Redis answers', async () => {
    expect(await ready()).toEqual({ status: 200, body: { status: 'ready' } });
  });

  it('logs one line when Redis goes, answers 503 naming it, and still refuses a guesser', async () => {
    await redis.kill();
    await until(async () => (await ready()).status === 503, '/readyz 503');
    expect((await ready()).body.reason).toBe('redis unreachable');
    // Several reconnection attempts (100, 200, 400, 800, 1,600 ms apart, then 3,200 …).
    await sleep(4000);
    expect(said(UNREACHABLE)).toEqual([
      expect.objectContaining({ level: 50, error: expect.stringContaining('ECONNREFUSED') }),
    ]);
    expect(said('Redis connection error')).toEqual([]);
    for (const line of logs.lines) expect(line).not.toMatch(/"stack"|\\n\s+at /);

    // Failed keys are counted in this process now: past the limit, 429, never wide open.
    const statuses = [];
    for (let i = 0; i <= FAILURES_ALLOWED; i++) statuses.push(await failFrom('198.51.100.7'));
    expect(statuses).toEqual([...Array(FAILURES_ALLOWED).fill(401), 429]);
    // A correct key from another address is served (PostgreSQL is up; its limit counts here too).
    const served = await api().send('PUT', '/api/v1/licenses', key, { licenses: [] });
    expect(served).toMatchObject({ status: 200, headers: expect.anything() });
    expect(served.headers.get('ratelimit-remaining')).toBe('999');
  });

  it('logs one line when Redis is back, turns ready, and counts in Redis again', async () => {
    redis = await redis.start();
    await until(async () => (await ready()).status === 200, '/readyz 200');
    await until(async () => said(BACK).length > 0, 'the line saying Redis is back');
    expect(said(BACK)).toEqual([expect.objectContaining({ level: 30, downSeconds: expect.any(Number) })]);
    expect(said(UNREACHABLE)).toHaveLength(1);

    expect(await failFrom('198.51.100.8')).toBe(401);
    const probe = new Redis(redis.url, { lazyConnect: true });
    await probe.connect();
    try {
      const counted = await probe.keys('*ratelimit:auth-failures*');
      expect(counted).toEqual([expect.stringMatching(/:198\.51\.100\.8$/)]);
    } finally {
      probe.disconnect();
    }
  });

  it('backs off reconnects from 100 ms, doubling, to at most 5 s', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50, 10_000].map(reconnectDelay)).toEqual([
      100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000,
    ]);
  });
});
