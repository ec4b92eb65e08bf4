import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../src/db/entities/index.js';
import { computeWeeklyReport, type WeeklyReport } from '../src/reports/weekly.report.js';

const TTL_MS = 3600_000;

/**
 * The figures of one account's week, computed once per worker process however many of its
 * channels get the post: subscriptions of one account for the same period and zone share
 * them (the flags alone take seconds on a large account). Concurrent asks wait for the same
 * computation; a failed one is forgotten so the next attempt computes again.
 */
export class ReportCache {
  /** How many reports this process computed (the bench and the tests read it). */
  computations = 0;
  private readonly entries = new Map<string, { at: number; report: Promise<WeeklyReport> }>();

  get(em: EntityManager, account: Account, periodKey: string, zone: string, now: Date): Promise<WeeklyReport> {
    const key = `${account.id}|${periodKey}|${zone}`;
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.report;
    this.computations += 1;
    const report = computeWeeklyReport(em, account, { periodKey, zone, now });
    this.entries.set(key, { at: Date.now(), report });
    report.catch(() => this.entries.delete(key));
    this.evictOld();
    return report;
  }

  private evictOld(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (now - entry.at >= TTL_MS) this.entries.delete(key);
  }
}
