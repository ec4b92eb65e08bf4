import client from 'prom-client';

/**
 * The process's Prometheus metrics, served at /metrics. One registry per process (metrics
 * are process-wide by nature); names follow Prometheus conventions: unit suffixes, `_total`
 * on counters, few labels with small value sets.
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

export const commandDuration = new client.Histogram({
  name: 'licbot_command_duration_seconds',
  help: 'Time from a typed command or button press to its reply, by command',
  labelNames: ['command', 'platform', 'outcome'] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10],
  registers: [registry],
});

export const eventsTotal = new client.Counter({
  name: 'licbot_events_total',
  help: 'Events received on POST /api/v1/events: accepted, duplicate (changed nothing), conflict (not stored, contradicts what is stored) or rejected',
  labelNames: ['outcome'] as const,
  registers: [registry],
});

export const jobDuration = new client.Histogram({
  name: 'licbot_job_duration_seconds',
  help: 'Time one job attempt ran, by queue and outcome',
  labelNames: ['queue', 'outcome'] as const,
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
  registers: [registry],
});

export const deliveriesTotal = new client.Counter({
  name: 'licbot_deliveries_total',
  help: 'Messages and files sent outside a request (reports, alerts, exports), by outcome',
  labelNames: ['platform', 'kind', 'outcome'] as const,
  registers: [registry],
});

/** What the queue-depth gauge asks each queue (BullMQ's Queue fits). */
export interface CountableQueue {
  name: string;
  getJobCounts(...states: string[]): Promise<Record<string, number>>;
}

const trackedQueues = new Set<CountableQueue>();
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'];

new client.Gauge({
  name: 'licbot_queue_jobs',
  help: 'Jobs per queue and state, read from Redis at scrape time',
  labelNames: ['queue', 'state'] as const,
  registers: [registry],
  async collect() {
    this.reset();
    await Promise.all(
      [...trackedQueues].map(async (queue) => {
        const counts = await queue.getJobCounts(...QUEUE_STATES).catch(() => undefined);
        for (const [state, n] of Object.entries(counts ?? {})) this.set({ queue: queue.name, state }, n);
      }),
    );
  },
});

/** Reports these queues' depth on /metrics until the returned function is called. */
export function trackQueueDepth(queues: CountableQueue[]): () => void {
  for (const q of queues) trackedQueues.add(q);
  return () => {
    for (const q of queues) trackedQueues.delete(q);
  };
}

/** Counts the events of one request of the event API. */
export function countEvents(outcome: 'accepted' | 'duplicate' | 'conflict' | 'rejected', n: number): void {
  if (n > 0) eventsTotal.inc({ outcome }, n);
}
