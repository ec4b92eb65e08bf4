import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { freePort } from '../../src/demo/net-probe.js';
import { TEST_DATABASE_URL } from '../helpers/services.js';

function capture() {
  const stream = new PassThrough();
  const state = { text: '' };
  stream.on('data', (chunk) => (state.text += chunk));
  return { stream, state };
}

describe('licbot demo with a service URL set', () => {
  it('names an unreachable DATABASE_URL and how to start PostgreSQL, without a stack trace', async () => {
    const port = await freePort();
    const out = capture();
    const err = capture();
    const env = { DATABASE_URL: `postgres://postgres:secret@127.0.0.1:${port}/licbot`, LOG_LEVEL: 'silent' };
    expect(await runCli(['demo'], { stdout: out.stream, stderr: err.stream }, env)).toBe(1);
    expect(err.state.text).toContain(
      `PostgreSQL at postgres://postgres:***@127.0.0.1:${port}/licbot (DATABASE_URL) is not reachable.`,
    );
    expect(err.state.text).toContain('pg_ctlcluster');
    expect(err.state.text).not.toContain('secret');
    expect(err.state.text).not.toMatch(/\n\s+at /);
  });

  it('names an unreachable REDIS_URL', async () => {
    const port = await freePort();
    const err = capture();
    const env = { DATABASE_URL: TEST_DATABASE_URL, REDIS_URL: `redis://127.0.0.1:${port}`, LOG_LEVEL: 'silent' };
    const code = await runCli(['demo'], { stdout: new PassThrough(), stderr: err.stream }, env);
    expect(code).toBe(1);
    expect(err.state.text).toContain(`Redis at redis://127.0.0.1:${port} (REDIS_URL) is not reachable.`);
  });

  it('says how to install Redis when it must start one and there is no redis-server, before starting PostgreSQL', async () => {
    const err = capture();
    const env = { PATH: '/nonexistent', LOG_LEVEL: 'silent' };
    const code = await runCli(['demo', '--embedded'], { stdout: new PassThrough(), stderr: err.stream }, env);
    expect(code).toBe(1);
    expect(err.state.text).toContain('there is no `redis-server` on PATH');
    expect(err.state.text).toContain('apt-get install -y redis-server');
  });
});
