import type { Redis } from 'ioredis';
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  RLWrapperTimeouts,
} from 'rate-limiter-flexible';

/** A limiter that never waits on a Redis that has stopped answering. */
const REDIS_TIMEOUT_MS = 500;

/** The window of both API limits: a fixed window of 60 s from the first request counted. */
export const WINDOW_SECONDS = 60;

export interface Counted {
  /** Requests (or failures) counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window ends and the count starts again. */
  msLeft: number;
}

/**
 * A count per key and window, kept in Redis so every replica shares it (rate-limiter-flexible:
 * one Lua INCR + PEXPIRE, atomic across replicas). While Redis is not connected, or takes
 * longer than 500 ms, the same limit is counted in this process's memory instead: a replica
 * then enforces it alone, so N replicas let at most N times the limit through, and
 * nothing is ever let through unlimited.
 */
export class SharedCounter {
  private readonly limiter: RateLimiterAbstract;

  constructor(redis: Redis, keyPrefix: string, points: number) {
    const memory = new RateLimiterMemory({ keyPrefix, points, duration: WINDOW_SECONDS });
    const shared = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix,
      points,
      duration: WINDOW_SECONDS,
      // Straight to memory while ioredis reconnects, instead of queueing behind the outage.
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
    this.limiter = new RLWrapperTimeouts({ limiter: shared, timeoutMs: REDIS_TIMEOUT_MS, insuranceLimiter: memory });
  }

  /** Counts one more for `key` (consume resolves within the limit and rejects beyond it). */
  async add(key: string): Promise<Counted> {
    try {
      return counted(await this.limiter.consume(key));
    } catch (error) {
      if (error instanceof RateLimiterRes) return counted(error);
      throw error;
    }
  }

  /** The count so far in the window, without adding to it (0 when nothing was counted). */
  async peek(key: string): Promise<Counted> {
    const res = await this.limiter.get(key);
    return res ? counted(res) : { count: 0, msLeft: 0 };
  }
}

const counted = (res: RateLimiterRes): Counted => ({ count: res.consumedPoints, msLeft: res.msBeforeNext });

/** Retry-After in whole seconds (at least 1) for a window with `msLeft` to go. */
export const retryAfterSeconds = (msLeft: number) => Math.max(1, Math.ceil(msLeft / 1000));
