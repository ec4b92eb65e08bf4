import { Redis } from 'ioredis';
import type { Logger } from '../logger.js';

/** The longest wait between two reconnection attempts. */
export const RECONNECT_MAX_MS = 5000;

/**
 * ioredis retries every 2 s at most by default, for ever. Doubling from 100 ms to 5 s costs
 * a lost Redis one attempt per 5 s, and a Redis that is back is found within 5 s.
 */
export function reconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt - 1, 16), RECONNECT_MAX_MS);
}

/** `connect ECONNREFUSED 127.0.0.1:6379`: what went wrong, on one line, without a stack. */
const describe = (error: Error) => error.message.split('\n')[0] ?? String(error);

/** Other connections to the same Redis (the queues') say they failed at most this often. */
const SECONDARY_REPEAT_MS = 60_000;

/**
 * Says once that Redis is unreachable and once that it is back, instead of a stack at every
 * reconnection attempt. The app's own connection decides the outage; the queues' connections
 * fail and recover with it, so their errors are silent while it lasts (and otherwise said at
 * most once a minute each).
 */
export class RedisOutageLog {
  private downSince: number | undefined;
  private readonly secondaryLastSaid = new Map<string, number>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  get down(): boolean {
    return this.downSince !== undefined;
  }

  failed(error: Error): void {
    if (this.down) return;
    this.downSince = this.clock();
    this.logger.error(
      { error: describe(error), retryMaxSeconds: RECONNECT_MAX_MS / 1000 },
      'Redis unreachable: /readyz answers 503, API limits count in this process only, reconnecting with backoff',
    );
  }

  recovered(): void {
    if (this.downSince === undefined) return;
    const downSeconds = Math.round((this.clock() - this.downSince) / 1000);
    this.downSince = undefined;
    this.secondaryLastSaid.clear();
    this.logger.info({ downSeconds }, 'Redis reachable again');
  }

  /** An error of another connection (a queue's), named by `source`. */
  secondaryFailed(source: string, error: Error): void {
    if (this.down) return;
    const now = this.clock();
    const last = this.secondaryLastSaid.get(source);
    if (last !== undefined && now - last < SECONDARY_REPEAT_MS) return;
    this.secondaryLastSaid.set(source, now);
    this.logger.warn({ source, error: describe(error) }, 'Redis connection error');
  }
}

/**
 * The app's connection to Redis: commands fail fast instead of queueing for ever while Redis
 * is away (callers decide what then), reconnects back off, and the outage is logged once.
 */
export function openRedis(url: string, logger: Logger): { redis: Redis; outages: RedisOutageLog } {
  const outages = new RedisOutageLog(logger);
  const redis = new Redis(url, { maxRetriesPerRequest: 1, retryStrategy: reconnectDelay });
  redis.on('error', (error: Error) => outages.failed(error));
  redis.on('ready', () => outages.recovered());
  return { redis, outages };
}
