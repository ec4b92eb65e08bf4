/**
 * The license servers of bench/load: a child process that POSTs batches of access events to
 * the event API at a fixed rate over several keep-alive connections, each with its own API
 * key (one license server each). Batches are due on a fixed timetable; a batch waits for a
 * free connection when all are busy, and its latency counts from when it was due, so a slow
 * server shows up as latency instead of a quietly lower rate. Configured by BENCH_INGEST
 * (JSON, see IngestPlan); talks to the parent over IPC: `start` → `window` every windowS →
 * `done`.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { latencySummary, round } from '../bench-helpers.js';

export interface IngestPlan {
  port: number;
  keys: string[];
  licenses: { product: string; code: string; modes: string[] }[];
  eventsPerSecond: number;
  batch: number;
  durationS: number;
  windowS: number;
}

/** What one window (or the whole run) of ingest did. */
export interface IngestReport {
  seconds: number;
  batchesDue: number;
  batchesSent: number;
  eventsAccepted: number;
  duplicates: number;
  errors: Record<string, number>;
  /** From when the batch was due to its answer (includes waiting for a connection). */
  latencyMs: ReturnType<typeof latencySummary>;
  /** From when the batch was written to its answer. */
  serviceMs: ReturnType<typeof latencySummary>;
}

const plan = JSON.parse(process.env.BENCH_INGEST ?? '{}') as IngestPlan;
const USERS = 5000;
const MACHINES = 6000;

let sequence = 0;
/** Live traffic: events that happened in the last minute, spread over the licenses' modes. */
function body(): string {
  const now = Date.now();
  const events = [];
  for (let i = 0; i < plan.batch; i++) {
    const n = sequence++;
    const license = plan.licenses[n % plan.licenses.length]!;
    events.push({
      type: 'access',
      id: randomUUID(),
      product: license.product,
      activationCode: license.code,
      user: `user${(n * 7919) % USERS}@bench.example.com`,
      machine: `WS-${(n * 104729) % MACHINES}`,
      version: `2025.${n % 3}`,
      at: new Date(now - Math.floor(Math.random() * 60_000)).toISOString(),
      mode: license.modes[Math.floor(n / plan.licenses.length) % license.modes.length]!,
    });
  }
  return JSON.stringify({ events });
}

class Window {
  started = performance.now();
  due = 0;
  sent = 0;
  accepted = 0;
  duplicates = 0;
  errors: Record<string, number> = {};
  latency: number[] = [];
  service: number[] = [];

  fail(kind: string) {
    this.errors[kind] = (this.errors[kind] ?? 0) + 1;
  }

  report(): IngestReport {
    return {
      seconds: round((performance.now() - this.started) / 1000, 2),
      batchesDue: this.due,
      batchesSent: this.sent,
      eventsAccepted: this.accepted,
      duplicates: this.duplicates,
      errors: this.errors,
      latencyMs: latencySummary(this.latency),
      serviceMs: latencySummary(this.service),
    };
  }
}

function post(agent: http.Agent, key: string, payload: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: plan.port,
        path: '/api/v1/events',
        method: 'POST',
        agent,
        timeout: 30_000,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          authorization: `Bearer ${key}`,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString() }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}

async function run(): Promise<void> {
  const total = new Window();
  let window = new Window();
  const each = (fn: (w: Window) => void) => {
    fn(total);
    fn(window);
  };
  const intervalMs = (plan.batch / plan.eventsPerSecond) * 1000;
  const t0 = performance.now();
  const end = t0 + plan.durationS * 1000;
  /** Due times of batches no connection has taken yet. */
  const waiting: number[] = [];
  let scheduled = 0;
  /** Clients with nothing to send, waiting to be woken. */
  const idle: (() => void)[] = [];
  let over = false;

  const client = async (key: string) => {
    // One socket per license server, kept alive between its batches.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (;;) {
      const dueAt = waiting.shift();
      if (dueAt === undefined) {
        if (over) break;
        await new Promise<void>((resolve) => idle.push(resolve));
        continue;
      }
      const payload = body();
      const sentAt = performance.now();
      each((w) => {
        w.sent += 1;
      });
      try {
        const { status, text } = await post(agent, key, payload);
        const doneAt = performance.now();
        if (status !== 200) {
          each((w) => w.fail(`http ${status}`));
          continue;
        }
        const answer = JSON.parse(text) as { accepted?: number; duplicates?: number };
        each((w) => {
          w.accepted += answer.accepted ?? 0;
          w.duplicates += answer.duplicates ?? 0;
          w.latency.push(doneAt - dueAt);
          w.service.push(doneAt - sentAt);
          if ((answer.accepted ?? 0) + (answer.duplicates ?? 0) !== plan.batch) w.fail('incomplete answer');
        });
      } catch (error) {
        each((w) => w.fail(`network ${(error as NodeJS.ErrnoException).code ?? 'error'}`));
      }
    }
    agent.destroy();
  };
  const clients = plan.keys.map((key) => client(key));

  let nextWindow = t0 + plan.windowS * 1000;
  while (performance.now() < end) {
    const now = performance.now();
    while (t0 + scheduled * intervalMs <= now) {
      waiting.push(t0 + scheduled * intervalMs);
      scheduled += 1;
      each((w) => {
        w.due += 1;
      });
    }
    // An idle client per waiting batch: each takes one and comes back for more.
    for (let n = Math.min(idle.length, waiting.length); n > 0; n--) idle.shift()!();
    if (now >= nextWindow) {
      process.send?.({ type: 'window', report: window.report() });
      window = new Window();
      nextWindow += plan.windowS * 1000;
    }
    await new Promise((r) => setTimeout(r, Math.min(5, intervalMs)));
  }
  over = true;
  const unsent = waiting.length;
  waiting.length = 0;
  for (const resume of idle.splice(0)) resume();
  await Promise.all(clients);
  process.send?.({ type: 'window', report: window.report() });
  process.send?.({ type: 'done', report: { ...total.report(), unsentWhenTimeRanOut: unsent } }, () => process.exit(0));
}

process.on('message', (message: { type?: string }) => {
  if (message?.type === 'start') void run();
});
process.send?.({ type: 'ready' });
