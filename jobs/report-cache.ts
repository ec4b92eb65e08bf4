import { PassThrough, type Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReplyFile } from '../src/core/reply.js';
import type { Account } from '../src/db/entities/index.js';
import { computeWeeklyReport, type WeeklyReport } from '../src/reports/weekly.report.js';

const TTL_MS = 3600_000;

/**
 * The figures of one account's week, computed once per worker process however many of its
 * channels get the post: subscriptions of one account for the same period and zone share
 * them (the flags alone take seconds on a large account). Concurrent asks wait for the same
 * computation; a failed one is forgotten so the next attempt computes again. The report's
 * CSV is rendered once too (it is bounded by users × products, not by the sessions).
 */
export class ReportCache {
  /** How many reports this process computed (the bench and the tests read it). */
  computations = 0;
  private readonly entries = new Map<
    string,
    { at: number; report: Promise<WeeklyReport>; files: Map<string, Promise<Buffer>> }
  >();

  get(em: EntityManager, account: Account, periodKey: string, zone: string, now: Date): Promise<WeeklyReport> {
    const key = cacheKey(account.id, periodKey, zone);
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.report;
    this.computations += 1;
    const report = computeWeeklyReport(em, account, { periodKey, zone, now });
    this.entries.set(key, { at: Date.now(), report, files: new Map() });
    report.catch(() => this.entries.delete(key));
    this.evictOld();
    return report;
  }

  /** The report's file, its bytes made once for every channel of the same report. */
  sharedFile(accountId: number, periodKey: string, zone: string, file: ReplyFile): ReplyFile {
    const entry = this.entries.get(cacheKey(accountId, periodKey, zone));
    if (!entry) return file;
    let bytes = entry.files.get(file.name);
    if (!bytes) {
      bytes = collect(file.open());
      entry.files.set(file.name, bytes);
      bytes.catch(() => entry.files.delete(file.name));
    }
    const ready = bytes;
    return {
      name: file.name,
      open() {
        const out = new PassThrough();
        ready.then(
          (b) => out.end(b),
          (error: Error) => out.destroy(error),
        );
        return out;
      },
    };
  }

  private evictOld(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (now - entry.at >= TTL_MS) this.entries.delete(key);
  }
}

const cacheKey = (accountId: number, periodKey: string, zone: string) => `${accountId}|${periodKey}|${zone}`;

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}
