import { PassThrough, type Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { ReplyFile } from '../src/core/reply.js';
import type { Account } from '../src/db/entities/index.js';
import { computeWeeklyReport, type WeeklyReport } from '../src/reports/weekly.report.js';
import { LOCK_SPACES, waitForAdvisoryLock } from './advisory-lock.js';
import { readReportSnapshot, storeReportSnapshot } from './report-snapshot.js';

const TTL_MS = 3600_000;

/** How long a worker waits for another one computing the same report (a large account's takes seconds). */
const COMPUTE_WAIT_SECONDS = 300;

/**
 * The figures of one account's week, computed once however many of its channels get the
 * post and however many workers post them: subscriptions of one account for the same period
 * and zone share them (the flags alone take seconds on a large account). The first worker
 * computes under an advisory lock and stores them (weekly_report_snapshot); the others wait
 * for it and read them, so every channel and every retry shows the same numbers. Within a
 * process, concurrent asks wait for the same read; a failed one is forgotten so the next
 * attempt tries again. The report's CSV is rendered once per process too (it is bounded by
 * users × products, not by the sessions).
 */
export class ReportCache {
  /** How many reports this process computed (the bench and the tests read it). */
  computations = 0;
  private readonly entries = new Map<
    string,
    { at: number; report: Promise<WeeklyReport>; files: Map<string, Promise<Buffer>> }
  >();

  constructor(private readonly databaseUrl: string) {}

  get(em: EntityManager, account: Account, periodKey: string, zone: string, now: Date): Promise<WeeklyReport> {
    const key = cacheKey(account.id, periodKey, zone);
    const hit = this.entries.get(key);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.report;
    const report = this.readOrCompute(em, account, periodKey, zone, now);
    this.entries.set(key, { at: Date.now(), report, files: new Map() });
    report.catch(() => this.entries.delete(key));
    this.evictOld();
    return report;
  }

  private async readOrCompute(
    em: EntityManager,
    account: Account,
    periodKey: string,
    zone: string,
    now: Date,
  ): Promise<WeeklyReport> {
    const stored = await readReportSnapshot(em, account.id, periodKey, zone);
    if (stored) return stored;
    const lock: [number, string] = [LOCK_SPACES.weeklyReport, cacheKey(account.id, periodKey, zone)];
    return waitForAdvisoryLock(this.databaseUrl, lock, COMPUTE_WAIT_SECONDS, async () => {
      const meanwhile = await readReportSnapshot(em, account.id, periodKey, zone);
      if (meanwhile) return meanwhile;
      this.computations += 1;
      const report = await computeWeeklyReport(em, account, { periodKey, zone, now });
      await storeReportSnapshot(em, report);
      return report;
    });
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
