import { type ConnectionOptions, Queue } from 'bullmq';
import type { ExportJobRequest } from '../src/core/command.js';
import type { Reply } from '../src/core/reply.js';
import type { Logger } from '../src/logger.js';

/** Queue names; each has a processor in jobs/*.processor.ts, listed in jobs/processors.ts. */
export const QUEUE_NAMES = {
  csvExport: 'csv-export',
  weeklyReport: 'weekly-report',
  deliver: 'deliver',
  denialAlerts: 'denial-alerts',
  expiryAlerts: 'expiry-alerts',
  sessionSweep: 'session-sweep',
} as const;

export type QueueName = (typeof QUEUE_NAMES)[keyof typeof QUEUE_NAMES];

/**
 * A CSV too large to build inside Slack's 3-second ack: the worker runs the same command
 * again for the same person (roles are checked again) and delivers the file.
 */
export type CsvExportJob = ExportJobRequest;

/**
 * One subscription's post for one period. Job id `weekly:<subscription>:<period>` (the
 * scheduler's; a manual run adds `manual:<subscription>:<period>-<n>`); the delivery row in
 * PostgreSQL, unique per subscription and period, decides whether it is posted.
 */
export interface WeeklyReportJob {
  subscriptionId: number;
  /** The local posting date, `YYYY-MM-DD`. */
  periodKey: string;
  /** ISO instant the post was due. */
  dueAt: string;
  /** Typed by an operator (`licbot report weekly`): posts even when the subscription is paused. */
  manual?: boolean;
}

/** A direct message without files (an invite hint, a failure notice) to one person. */
export interface DeliverJob {
  accountId: number;
  platform: 'slack' | 'teams';
  userId: string;
  reply: Pick<Reply, 'title' | 'text' | 'notes'>;
}

/** A periodic check of one account at one scheduled instant (`at`, ISO). */
export interface AccountCheckJob {
  accountId: number;
  at: string;
}

/** The session sweep of every account at one scheduled instant. */
export interface SweepJob {
  at: string;
}

export interface JobTypes {
  'csv-export': CsvExportJob;
  'weekly-report': WeeklyReportJob;
  deliver: DeliverJob;
  'denial-alerts': AccountCheckJob;
  'expiry-alerts': AccountCheckJob;
  'session-sweep': SweepJob;
}

/** Redis connection options for BullMQ from a redis:// URL. */
export function redisConnection(url: string): ConnectionOptions {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 6379),
    username: parsed.username || undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : undefined,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    // Workers block on Redis; BullMQ requires unlimited retries per request for them.
    maxRetriesPerRequest: null,
  };
}

/**
 * Retries are bounded with exponential backoff; finished jobs are kept a while so a repeated
 * add with the same job id is a no-op (the PostgreSQL delivery row guards beyond that).
 */
const JOB_OPTIONS = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 48 * 3600, count: 5000 },
  removeOnFail: { age: 7 * 24 * 3600 },
} as const;

export type Queues = { [K in keyof typeof QUEUE_NAMES]: Queue<JobTypes[(typeof QUEUE_NAMES)[K]]> } & {
  close(): Promise<void>;
};

/** Every queue of a Queues (without its close). */
export function queueList(queues: Queues): Queue[] {
  return Object.values(queues).filter((q): q is Queue => typeof q !== 'function');
}

/** The producer side, used by the HTTP process, the scheduler and the CLI to enqueue work. */
export function createQueues(
  redisUrl: string,
  prefix: string,
  logger: Logger,
  /** Where connection errors go (the server's outage log); default: each one logged. */
  onError?: (queue: QueueName, error: Error) => void,
): Queues {
  const connection = redisConnection(redisUrl);
  const make = <N extends QueueName>(name: N, attempts: number = JOB_OPTIONS.attempts) => {
    const queue = new Queue<JobTypes[N]>(name, {
      connection,
      prefix,
      defaultJobOptions: { ...JOB_OPTIONS, attempts },
    });
    // Without a listener BullMQ writes a connection error to console.error; it belongs in the
    // structured log with everything else (and a console line at shutdown fails a vitest run).
    queue.on('error', (error) =>
      onError ? onError(name, error) : logger.warn({ err: error, queue: name }, 'queue connection error'),
    );
    return queue;
  };
  const queues = {
    csvExport: make(QUEUE_NAMES.csvExport, 3),
    weeklyReport: make(QUEUE_NAMES.weeklyReport),
    deliver: make(QUEUE_NAMES.deliver),
    denialAlerts: make(QUEUE_NAMES.denialAlerts, 3),
    expiryAlerts: make(QUEUE_NAMES.expiryAlerts, 3),
    sessionSweep: make(QUEUE_NAMES.sessionSweep, 1),
  };
  return {
    ...queues,
    async close() {
      await Promise.all(Object.values(queues).map((q) => q.close()));
    },
  };
}
