import { type ConnectionOptions, Queue } from 'bullmq';
import type { ExportJobRequest } from '../src/core/command.js';
import type { Logger } from '../src/logger.js';

/** Queue names; each has a processor in jobs/*.processor.ts. */
export const QUEUE_NAMES = {
  csvExport: 'csv-export',
} as const;

/**
 * A CSV too large to build inside Slack's 3-second ack: the worker runs the same command
 * again for the same person (roles are checked again) and delivers the file.
 */
export type CsvExportJob = ExportJobRequest;

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

export interface Queues {
  csvExport: Queue<CsvExportJob>;
  close(): Promise<void>;
}

/** The producer side, used by the HTTP process to enqueue work. */
export function createQueues(redisUrl: string, prefix: string, logger: Logger): Queues {
  const connection = redisConnection(redisUrl);
  const csvExport = new Queue<CsvExportJob>(QUEUE_NAMES.csvExport, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: 'exponential', delay: 2000 },
      removeOnComplete: { age: 24 * 3600, count: 1000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    },
  });
  // Without a listener BullMQ writes a connection error to console.error; it belongs in the
  // structured log with everything else (and a console line at shutdown fails a vitest run).
  csvExport.on('error', (error) => logger.warn({ err: error, queue: QUEUE_NAMES.csvExport }, 'queue connection error'));
  return {
    csvExport,
    async close() {
      await csvExport.close();
    },
  };
}
