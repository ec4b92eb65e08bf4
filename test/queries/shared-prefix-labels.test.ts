import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { resetStats } from '../../src/ingest/stats-reset.js';
import { licensesExpiringBetween } from '../../src/queries/alert-subjects.query.js';
import { computeFlags } from '../../src/queries/flags.query.js';
import { denialAlertMessage, expiryAlertMessage } from '../../src/reports/alerts.report.js';
import { flagsTables } from '../../src/reports/flags.report.js';
import { countersBeforeTable } from '../../src/reports/stats.report.js';
import { computeWeeklyReport } from '../../src/reports/weekly.report.js';
import { weeklyReportReply } from '../../src/reports/weekly-reply.js';
import { addActivation, addEvents, addLicense, addSession, eventsOf, type TestLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

const now = new Date('2026-11-30T00:00:00Z');
const CODES = ['ELUMA-7777-1111-2222', 'ELUMA-7788-3333-4444'];
/** The two codes share `ELUMA`; their stored hints (`ELUMA-7777`, `ELUMA-7788`) part at the 9th character. */
const LABELS = ['ELUMA-777…', 'ELUMA-778…'];

/** Every string anywhere in a value (tables, notes, texts). */
const strings = (value: unknown): string => JSON.stringify(value);

/** Both labels shown, never the bare shared prefix, never a whole code. */
function expectDistinct(shown: string) {
  for (const label of LABELS) expect(shown).toContain(label);
  expect(shown).not.toMatch(/ELUMA…/);
  for (const code of CODES) expect(shown).not.toContain(code);
}

describe('two activation codes sharing their first five characters are told apart everywhere', () => {
  const db = useTestDatabase();
  let account: Account;
  let pools: TestLicense[];

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'labels');
    pools = [];
    for (const code of CODES)
      pools.push(
        await addLicense(db(), account, { product: 'ElumTools', type: 'MUL', seats: 4, code, expiresAt: '2026-12-05' }),
      );
    for (const pool of pools) {
      // Idle seat (activated long ago, no session for 30 days), frequent denials, an under-used pool.
      await addActivation(db(), account.id, pool, { user: 'idle@x.com', at: '2026-01-01T00:00:00Z' });
      await addEvents(db(), account.id, pool, eventsOf('declined', 6, '2026-11-27T09:00:00Z'));
      await addSession(db(), account.id, pool, {
        user: 'busy@x.com',
        start: '2026-11-26T09:00:00Z',
        end: '2026-11-26T10:00:00Z',
      });
    }
  });

  const thresholds = () => ({
    idleSeatDays: account.idleSeatDays,
    poolWindowDays: account.poolWindowDays,
    denialThreshold: account.denialThreshold,
    denialWindowDays: account.denialWindowDays,
  });

  it('in the flags: idle seats, under-used pools, frequent denials', async () => {
    const flags = await computeFlags(db().em(), account.id, { thresholds: thresholds(), now, timeZone: 'UTC' });
    expect(flags.idleSeats.map((f) => f.codeLabel)).toEqual(LABELS);
    expect(flags.underusedPools.map((f) => f.codeLabel)).toEqual(LABELS);
    expect(flags.frequentDenials.map((f) => f.codeLabel).sort()).toEqual(LABELS);
    expectDistinct(strings(flagsTables(flags, 'UTC', now)));
  });

  it('in the denial and expiry alerts', async () => {
    const flags = await computeFlags(db().em(), account.id, { thresholds: thresholds(), now, timeZone: 'UTC' });
    const denials = flags.frequentDenials.map((flag) =>
      denialAlertMessage({
        flag,
        windowDays: 7,
        users: { total: 1, users: [{ email: 'busy@x.com', declined: 6 }] },
        decision: { fire: true, because: 'first' },
        zone: 'UTC',
      }),
    );
    expectDistinct(strings(denials));
    const expiring = await licensesExpiringBetween(db().em(), account.id, '2026-12-01', '2026-12-31');
    expectDistinct(strings(expiring.map((l) => expiryAlertMessage(l, 5, 7))));
  });

  it('in the counters a reset zeroed', async () => {
    const record = await resetStats(db().em(), account.id, { kind: 'license', licenseId: pools[1]!.id }, 'tester');
    expect(record.scope).toBe(`ElumTools ${LABELS[1]}`);
    const other = await resetStats(
      db().em(),
      account.id,
      { kind: 'product', productId: pools[0]!.productId },
      'tester',
    );
    expectDistinct(strings(countersBeforeTable(other.licenses, [])));
  });

  it('in the weekly report', async () => {
    const report = await computeWeeklyReport(
      db().em(),
      { id: account.id, ...thresholds() },
      {
        periodKey: '2026-11-30',
        zone: 'UTC',
        now,
      },
    );
    expectDistinct(strings(weeklyReportReply(report)));
  });
});
