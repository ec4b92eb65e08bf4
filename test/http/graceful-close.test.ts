import express from 'express';
import { describe, expect, it } from 'vitest';
import { closeServer, listen } from '../../src/http/server.js';

describe('closing the HTTP server', () => {
  it('lets a request in flight finish, refuses new connections, and cuts what outlives the grace', async () => {
    const app = express();
    app.get('/slow', (_req, res) => {
      setTimeout(() => res.send('done'), 400);
    });
    app.get('/stuck', () => undefined);
    const server = await listen(app, 0, '127.0.0.1');
    const { port } = server.address() as { port: number };
    const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => [r.status, await r.text()]);
    const stuck = fetch(`http://127.0.0.1:${port}/stuck`).then(
      () => 'answered',
      () => 'cut',
    );
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    const closing = closeServer(server, 1000);
    await new Promise((r) => setTimeout(r, 50));
    await expect(fetch(`http://127.0.0.1:${port}/slow`)).rejects.toThrow();
    expect(await inFlight).toEqual([200, 'done']);
    await closing;
    expect(await stuck).toBe('cut');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
