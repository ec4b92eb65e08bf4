import http from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { useApiServer } from '../helpers/api-server.js';
import { useTestDatabase } from '../helpers/test-database.js';

/** A GET on one keep-alive agent: the status and whether it went over a reused socket. */
function get(agent: http.Agent, url: string): Promise<{ status: number; reused: boolean }> {
  return new Promise((resolve, reject) => {
    const req = http.get(url, { agent }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket }));
    });
    req.on('error', reject);
  });
}

describe('HTTP keep-alive outlasts a load balancer', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  const configured = useApiServer(db, { HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: 120, HTTP_HEADERS_TIMEOUT_SECONDS: 400 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(() => agent.destroy());

  it('keeps idle connections 65 s and waits 70 s for headers by default, read off the running server', () => {
    const server = api().app.server;
    expect(server?.keepAliveTimeout).toBe(65_000);
    expect(server?.headersTimeout).toBe(70_000);
    expect(server?.requestTimeout).toBeGreaterThanOrEqual(70_000);
  });

  it('answers a request on a connection left idle for 6 s (past Node’s 5 s default)', async () => {
    const url = api().url('/healthz');
    expect(await get(agent, url)).toEqual({ status: 200, reused: false });
    await new Promise((r) => setTimeout(r, 6000));
    expect(await get(agent, url)).toEqual({ status: 200, reused: true });
  }, 20_000);

  it('takes both from the configuration, and refuses a headers timeout not above the keep-alive one', () => {
    const config = loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '120', HTTP_HEADERS_TIMEOUT_SECONDS: '125' });
    expect([config.HTTP_KEEP_ALIVE_TIMEOUT_SECONDS, config.HTTP_HEADERS_TIMEOUT_SECONDS]).toEqual([120, 125]);
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '90' })).toThrow(
      /HTTP_HEADERS_TIMEOUT_SECONDS: must be greater than HTTP_KEEP_ALIVE_TIMEOUT_SECONDS \(90\)/,
    );
    expect(() => loadConfig({ HTTP_KEEP_ALIVE_TIMEOUT_SECONDS: '0' })).toThrow(/HTTP_KEEP_ALIVE_TIMEOUT_SECONDS/);
  });

  it('sets configured timeouts on the server, with a request timeout not below the headers one', () => {
    const server = configured().app.server;
    expect([server?.keepAliveTimeout, server?.headersTimeout, server?.requestTimeout]).toEqual([
      120_000, 400_000, 400_000,
    ]);
  });
});
