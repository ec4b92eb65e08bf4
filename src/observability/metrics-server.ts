import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';
import { registry } from './metrics.js';

export interface MetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `/metrics` for a process that serves no HTTP otherwise (`licbot worker`, `licbot
 * scheduler`): the job and delivery series live in the process that ran the jobs, so
 * Prometheus must scrape each worker. Queue depth is not among them: it is the same for
 * every process and `licbot serve` reports it, once. Nothing else is served here.
 */
export async function startMetricsServer(port: number, logger: Logger): Promise<MetricsServer> {
  const server = createServer((req, res) => {
    // The path as sent, without parsing it as a URL: a target like `//[` must not throw.
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Only GET /metrics is served here.\n');
      return;
    }
    registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) =>
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(error)}\n`),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Once listening, a failing socket or accept (EMFILE) is logged; it must not end the worker.
  server.on('error', (error) => logger.warn({ err: error }, 'metrics server error'));
  server.on('clientError', (_error, socket) => socket.destroy());
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
