import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedWorkers, startWorkerSet } from '../../jobs/worker.js';
import { captureLogs } from '../helpers/log-capture.js';
import { freePort, PrivateRedis } from '../helpers/private-redis.js';
import { useTestDatabase } from '../helpers/test-database.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('a worker process with Redis down', () => {
  const db = useTestDatabase();
  const logs = captureLogs('warn');
  let redis: PrivateRedis;
  let workers: StartedWorkers | undefined;
  beforeAll(async () => {
    redis = await new PrivateRedis(await freePort()).start();
  });
  afterAll(async () => {
    await workers?.close();
    await redis?.stop();
  });

  it('says so in one line per connection, with no stack, instead of an error at every reconnection', async () => {
    const config = { ...db().config, REDIS_URL: redis.url };
    workers = await startWorkerSet({ orm: db().orm, config, logger: logs.logger }, config.QUEUE_PREFIX, redis.url);
    await redis.kill();
    // ioredis retries within ~2 s; several rounds of attempts fit in 8 s.
    await sleep(8000);
    const entries = logs.entries();
    expect(entries.filter((e) => e.msg === 'worker error' || e.msg === 'queue connection error')).toEqual([]);
    const said = entries.filter((e) => e.msg === 'Redis connection error');
    expect(said.length).toBeGreaterThan(0);
    // At most once a minute per connection: no source twice within the 8 s.
    const sources = said.map((e) => e.source as string);
    expect(new Set(sources).size).toBe(sources.length);
    for (const e of said) {
      expect(e.error).toMatch(/ECONNREFUSED|ECONNRESET|Connection is closed/);
      expect(JSON.stringify(e)).not.toMatch(/\n\s+at /);
    }
    // Back again: the workers reconnect and close as usual.
    await redis.start();
    await sleep(3000);
    await workers.close();
    workers = undefined;
  }, 40_000);
});
