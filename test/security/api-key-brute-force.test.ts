import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hashApiKey } from '../../src/domain/secrets.js';
import { type ApiServer, accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { captureLogs } from '../helpers/log-capture.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const FAILURES_ALLOWED = 20;
const REQUESTS_PER_KEY = 5;
/** Documentation addresses (RFC 5737): only ever header values, no traffic goes there. */
const address = (n: number) => `203.0.113.${n}`;

/** Runs `count` tasks, `width` at a time. */
async function pool<T>(count: number, width: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < count; i = next++) results[i] = await task(i);
  };
  await Promise.all(Array.from({ length: width }, lane));
  return results;
}

const randomKey = () => `lbk_${randomBytes(32).toString('base64url')}`;

describe('failed API key attempts are limited per client address, across replicas', () => {
  const db = useTestDatabase();
  const logs = captureLogs();
  // Two replicas behind a proxy on loopback (they believe its X-Forwarded-For), one reached
  // directly; all three share the test's Redis and queue prefix, as replicas do.
  const behindProxy = { API_RATE_LIMIT_PER_MINUTE: REQUESTS_PER_KEY, TRUST_PROXY: ['loopback'] };
  const a = useApiServer(db, behindProxy, { logger: logs.logger });
  const b = useApiServer(db, behindProxy, { logger: logs.logger });
  const direct = useApiServer(db, { API_RATE_LIMIT_PER_MINUTE: REQUESTS_PER_KEY });
  const replica = (i: number): ApiServer => (i % 2 === 0 ? a() : b());
  const putFrom = (server: ApiServer, from: string | undefined, key: string) =>
    server.send('PUT', '/api/v1/licenses', key, { licenses: [] }, from ? { 'x-forwarded-for': from } : {});
  let newKey: () => Promise<string>;

  beforeAll(async () => {
    const account = await createDefaultAccount(db(), 'acme');
    newKey = () => accountWithLicenses(db(), account, []);
  });

  it(`answers 1,500 random well-formed keys 401 ${FAILURES_ALLOWED} times, then 429 with Retry-After`, async () => {
    const keys = Array.from({ length: 1500 }, randomKey);
    const answers = await pool(keys.length, 25, (i) => putFrom(replica(i), address(10), keys[i] ?? ''));
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(FAILURES_ALLOWED);
    expect(statuses.filter((s) => s === 429)).toHaveLength(1500 - FAILURES_ALLOWED);
    // Both replicas refused: the count is theirs together.
    expect(new Set(answers.map((r, i) => `${i % 2}:${r.status}`))).toEqual(
      new Set(['0:401', '1:401', '0:429', '1:429']),
    );
    const refused = answers.find((r) => r.status === 429);
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused?.body.errors[0]).toMatchObject({
      field: 'Authorization',
      message: expect.stringContaining(`More than ${FAILURES_ALLOWED} failed API key attempts from this address`),
    });

    // One line for the address in this window, naming the address, never a key or its hash.
    const limited = logs.entries().filter((e) => e.msg === 'API key failures: address refused until the window ends');
    expect(limited).toEqual([
      expect.objectContaining({ level: 40, address: address(10), failures: FAILURES_ALLOWED, windowSeconds: 60 }),
    ]);
    const text = logs.lines.join('\n');
    expect(text).not.toContain('redacted');
    for (const key of keys.slice(0, 50)) {
      expect(text).not.toContain(key.slice(4));
      expect(text).not.toContain(hashApiKey(key));
    }
  });

  it('refuses even a correct key from the limited address for the window; another address is served', async () => {
    const key = await newKey();
    expect((await putFrom(a(), address(10), key)).status).toBe(429);
    expect((await putFrom(b(), address(10), key)).status).toBe(429);
    expect(await putFrom(a(), address(11), key)).toMatchObject({ status: 200, body: { created: 0, updated: 0 } });
  });

  it('says nothing for failures below the limit, and logs a second address once when it reaches it', async () => {
    for (let i = 0; i < FAILURES_ALLOWED - 1; i++)
      expect((await putFrom(replica(i), address(12), randomKey())).status).toBe(401);
    const said = () => logs.entries().filter((e) => e.address === address(12));
    expect(said()).toEqual([]);
    expect((await putFrom(a(), address(12), randomKey())).status).toBe(401);
    expect((await putFrom(b(), address(12), randomKey())).status).toBe(429);
    expect(said()).toHaveLength(1);
  });

  it(`limits a correct key to ${REQUESTS_PER_KEY} requests a minute across both replicas`, async () => {
    const key = await newKey();
    const answers = [];
    for (let i = 0; i <= REQUESTS_PER_KEY; i++) answers.push(await putFrom(replica(i), address(13), key));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    expect(answers.map((r) => r.headers.get('ratelimit-remaining'))).toEqual(['4', '3', '2', '1', '0', '0']);
    expect(Number(answers[5]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(answers[5]?.body.errors[0].message).toContain(
      `More than ${REQUESTS_PER_KEY} requests this minute with this API key`,
    );
  });

  it('ignores X-Forwarded-For unless TRUST_PROXY is set: a new header per attempt does not dodge the limit', async () => {
    const statuses = [];
    for (let i = 0; i <= FAILURES_ALLOWED; i++)
      statuses.push((await putFrom(direct(), address(100 + i), randomKey())).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(FAILURES_ALLOWED);
    expect(statuses.at(-1)).toBe(429);
  });

  it('reads TRUST_PROXY as a hop count or proxy addresses, and refuses "true" naming the variable', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8, fd00::/8' }).TRUST_PROXY).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(() => loadConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: "true" is not a proxy address/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(
      /TRUST_PROXY: "10.0.0.0\/33" is not a proxy address/,
    );
    expect(() => loadConfig({ API_AUTH_FAILURES_PER_MINUTE: '0' })).toThrow(/API_AUTH_FAILURES_PER_MINUTE/);
  });
});
