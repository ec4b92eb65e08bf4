import { chmodSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanCheckout, processesMentioning, runDemo } from '../helpers/demo-process.js';

// The acceptance run of issue 12: `licbot demo --embedded` on a clean checkout, with no
// service URL set, starts its own PostgreSQL and Redis and leaves none behind on Ctrl-C.
describe('licbot demo --embedded on a clean checkout', () => {
  let dir = '';
  beforeAll(() => {
    dir = cleanCheckout();
    // mkdtemp makes a 0700 folder; as root the embedded PostgreSQL runs as `postgres`.
    chmodSync(dir, 0o755);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('answers with the seeded numbers, stops everything on SIGINT, and reuses the data next time', async () => {
    const demo = runDemo(dir, ['--embedded']);
    const [, base] = await demo.waitFor(/LicBot demo is running on (http:\/\/127\.0\.0\.1:\d+)/);
    const redisPort = /Redis: redis:\/\/127\.0\.0\.1:(\d+) \(started by the demo/.exec(demo.output())?.[1];
    expect(demo.output()).toMatch(/PostgreSQL: .* \(embedded, data in \.licbot\/pg\)/);
    expect(demo.output()).toContain('Seeding demo data (scale small)');
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    // The chat page answers /licstats through the real command core, with the seeded licenses.
    expect((await fetch(`${base}/`)).status).toBe(200);
    const chat = await fetch(`${base}/chat/command`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: '/licstats' }),
    });
    const { html } = (await chat.json()) as { html: string };
    expect(html).toContain('License stats by product');
    // The small seed's licenses, whatever day the test runs: AGi32 has 2 SUL, 14 MUL and 1 HWK seat(s).
    expect(html).toContain('<td>AGi32</td><td>2 SUL, 14 MUL, 1 HWK</td>');
    expect(html).toContain('<td>ElumTools</td><td>1 SUL, 21 MUL</td>');
    expect(processesMentioning(`${dir}/.licbot/pg`)).toHaveLength(1);
    expect(processesMentioning(`127.0.0.1:${redisPort}`)).toHaveLength(1);

    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(0);
    expect(processesMentioning(`${dir}/.licbot/pg`)).toEqual([]);
    expect(processesMentioning(`redis-server 127.0.0.1:${redisPort}`)).toEqual([]);

    const again = runDemo(dir, ['--embedded']);
    await again.waitFor(/LicBot demo is running on/);
    expect(again.output()).toContain('Account "default" already has 10 license(s); keeping its data.');
    again.child.kill('SIGINT');
    expect(await again.exited).toBe(0);
    expect(processesMentioning(`${dir}/.licbot/`)).toEqual([]);
  }, 240_000);
});
