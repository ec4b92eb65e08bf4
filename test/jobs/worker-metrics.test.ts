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

  it('counts the jobs this worker ran, by queue and outcome, beside the queue depths and process metrics', async () => {
    const series = 'licbot_job_duration_seconds_count{queue="session-sweep",outcome="completed"}';
    expect(await scrape()).not.toContain(series);
    await h().queues.sessionSweep.add('sweep', { at: new Date().toISOString() }, { jobId: 'sweep-metrics-test' });
    await h().waitFor(async () => (await scrape()).includes(`${series} 1`), 20_000);
    const text = await scrape();
    expect(text).toMatch(/^licbot_queue_jobs\{queue="session-sweep",state="waiting"\} 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('serves nothing else', async () => {
    const res = await fetch(`${base}/readyz`);
    expect([res.status, await res.text()]).toEqual([404, 'Only GET /metrics is served here.\n']);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);
  });
});
