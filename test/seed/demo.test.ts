import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { prepareDemo } from '../../src/cli/demo.cli.js';
import { cliCommands } from '../../src/cli/registry.js';
import { runCli } from '../../src/cli/run-cli.js';
import { useTestDatabase } from '../helpers/test-database.js';

function capture() {
  const stream = new PassThrough();
  const state = { text: '' };
  stream.on('data', (chunk) => (state.text += chunk));
  return { stream, state };
}

async function waitFor(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!check()) throw new Error(`timed out waiting for ${what}`);
}

describe('licbot demo', () => {
  const db = useTestDatabase();
  const count = async (table: string) =>
    (await db().sql<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n;

  it('migrates, seeds small into an empty default account ending now, and creates one demo key', async () => {
    const now = new Date('2026-03-02T10:30:45Z');
    const first = capture();
    await prepareDemo(db().config, first.stream, now);
    expect(first.state.text).toContain('Seeding demo data (scale small) into account "default"');
    expect(first.state.text).toContain('Created API key "demo"');
    expect(first.state.text).toMatch(/^ {2}lbk_[\w-]{43}$/m);
    expect(await count('license')).toBe(10);
    const [window] = await db().sql<{ last: Date; open: number }>(
      'select max(started_at) as last, count(*) filter (where ended_at is null)::int as open from session',
    );
    // The data ends at the current minute, so the demo's "last 3 months" is full.
    expect(window!.last.getTime()).toBeLessThan(Date.parse('2026-03-02T10:30:00Z'));
    expect(window!.last.getTime()).toBeGreaterThan(Date.parse('2026-02-27T00:00:00Z'));
    expect(window!.open).toBeGreaterThanOrEqual(1);

    const sessions = await count('session');
    const second = capture();
    await prepareDemo(db().config, second.stream, new Date('2026-03-03T08:00:00Z'));
    expect(second.state.text).toContain('Account "default" already has 10 license(s); keeping its data.');
    expect(second.state.text).toContain('API key "demo" already exists');
    expect(second.state.text).not.toContain('lbk_');
    expect(await count('session')).toBe(sessions);
    expect(await db().sql('select name from api_key')).toEqual([{ name: 'demo' }]);
  });

  it('serves until SIGTERM and suggests only commands that exist', async () => {
    const out = capture();
    const err = capture();
    const env = {
      DATABASE_URL: db().url,
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      PORT: '0',
      QUEUE_PREFIX: `test:${db().name}`,
    };
    const running = runCli(['demo'], { stdout: out.stream, stderr: err.stream }, env);
    await waitFor(() => out.state.text.includes('Stop with Ctrl+C.'), 'the demo to listen');
    const port = /running on http:\/\/127\.0\.0\.1:(\d+)/.exec(out.state.text)?.[1];
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const suggested = [...out.state.text.matchAll(/npm run licbot -- (\w+)/g)].map((m) => m[1]);
    expect(suggested.length).toBeGreaterThanOrEqual(3);
    for (const name of suggested) expect(cliCommands.map((c) => c.name)).toContain(name);
    process.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(err.state.text).toBe('');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
