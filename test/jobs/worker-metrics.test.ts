import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useJobsHarness } from '../helpers/jobs-harness.js';
import { createDefaultAccount } from '../helpers/test-database.js';
import { startWorkerProcess, type WorkerProcess } from '../helpers/worker-process.js';

describe('`licbot worker` with METRICS_PORT serves its own /metrics', () => {
  const h = useJobsHarness(new Date());
  let worker: WorkerProcess;
  let base = '';

  beforeAll(async () => {
    await createDefaultAccount(h().db, 'default', 'UTC');
    worker = await startWorkerProcess(h().config, { METRICS_PORT: '0' });
    const port = /metrics on port (\d+) at \/metrics/.exec(worker.output())?.[1];
    expect(port).toBeDefined();
    base = `http://127.0.0.1:${port}`;
  }, 60_000);
  afterAll(async () => {
    await worker?.kill9();
  });

  const scrape = async () => (await fetch(`${base}/metrics`)).text();

  it('counts the jobs this worker ran, by queue and outcome, beside its process metrics', async () => {
    const series = 'licbot_job_duration_seconds_count{queue="session-sweep",outcome="completed"}';
    expect(await scrape()).not.toContain(series);
    await h().queues.sessionSweep.add('sweep', { at: new Date().toISOString() }, { jobId: 'sweep-metrics-test' });
    await h().waitFor(async () => (await scrape()).includes(`${series} 1`), 20_000);
    const text = await scrape();
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    // Queue depth is the same seen from every process: licbot serve reports it, once.
    expect(text).not.toMatch(/^licbot_queue_jobs\{/m);
  });

  it('survives a request whose target is no URL, and answers the next scrape', async () => {
    const port = Number(new URL(base).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end('GET //[ HTTP/1.1\r\nHost: x\r\n\r\n'));
      let text = '';
      socket.on('data', (chunk) => (text += chunk));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 404/);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    expect(worker.child.exitCode).toBeNull();
  });

  it('refuses to start a second worker on the same port, in one line, before taking any job', async () => {
    const port = new URL(base).port;
    const second = await startWorkerProcess(h().config, { METRICS_PORT: port }).then(
      () => 'started',
      (error: Error) => error.message,
    );
    expect(second).toContain(`METRICS_PORT ${port} is taken by another process.`);
    expect(second).toContain('Give each worker and scheduler on one machine a port of its own');
    expect(second).not.toMatch(/\n\s+at /);
  });

  it('serves nothing else', async () => {
    const res = await fetch(`${base}/readyz`);
    expect([res.status, await res.text()]).toEqual([404, 'Only GET /metrics is served here.\n']);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
