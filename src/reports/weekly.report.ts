import type { EntityManager } from '@mikro-orm/postgresql';
import { type FlagThresholds, thresholdsOf } from '../domain/flags.js';
import { startOfZonedDay } from '../domain/time-zone.js';
import { type ReportWeek, reportWeek } from '../domain/weekly-schedule.js';
import { computeFlags } from '../queries/flags.query.js';
import { licenseStats } from '../queries/license-stats.query.js';
import { productPoolDemand } from '../queries/product-usage.query.js';
import { type SessionFilters, sessionHistoryCondensed } from '../queries/session-history.query.js';
import { productUsage, topUsersBySeconds } from '../queries/weekly-usage.query.js';
import { stepEnvelope } from './charts/pool-chart.js';
import { flagsTables } from './flags.report.js';
import type {
  ReportSpan,
  WeeklyFlagSection,
  WeeklyLicenseExpiry,
  WeeklyProductRow,
  WeeklyReport,
} from './weekly-model.js';

export type {
  ReportSpan,
  WeeklyDenial,
  WeeklyFlagSection,
  WeeklyLicenseExpiry,
  WeeklyProductRow,
  WeeklyReport,
} from './weekly-model.js';
export { type WeeklyReply, weeklyReportFileName, weeklyReportReply } from './weekly-reply.js';

/** Users listed by hours; the attached CSV has all of them. */
export const TOP_USERS = 5;
/** Rows shown per flag; `/licstats flags` lists the rest. */
export const TOP_FLAG_ROWS = 3;

export interface WeeklyReportOptions {
  /** The local posting date, `YYYY-MM-DD`. */
  periodKey: string;
  /** The subscription's IANA zone: the week's days are its days. */
  zone: string;
  now: Date;
}

type Span = Omit<ReportWeek, 'previous'>;

/** Pools charted beside the weekly CSV, the busiest first. */
const WEEKLY_POOL_CHARTS = 3;
const FLAG_KINDS = ['idle_seat', 'underused_pool', 'frequent_denials', 'outdated_version'] as const;

/**
 * The weekly report of `periodKey`: the 7 whole local days before it, against the week before.
 * Everything is pinned to the period rather than to the moment of computing: active sessions
 * count up to the week's end (or `now`, if earlier), flags are evaluated at the week's end and
 * license statuses relative to the posting date, so a late post says the same. Only new data
 * about the week changes it: a session still active at the week's end that has closed since
 * counts in full, as the condensed view counts it. A worker that must repeat a post word for
 * word keeps the computed report (it is plain JSON) rather than computing it again.
 * The session figures follow the session history's rules; the CSV is its condensed view.
 */
export async function computeWeeklyReport(
  em: EntityManager,
  account: { id: number } & FlagThresholds,
  options: WeeklyReportOptions,
): Promise<WeeklyReport> {
  const { periodKey, zone, now } = options;
  const week = reportWeek(periodKey, zone);
  const filtersOf = (s: Span): SessionFilters => ({
    window: { fromDate: s.fromDate, toDate: s.toDate, from: s.from, to: s.to, endsNow: false },
    now: new Date(Math.min(s.to.getTime(), now.getTime())),
  });
  const current = filtersOf(week);
  const before = filtersOf(week.previous);

  const usage = await productUsage(em, account.id, current);
  const previousUsage = await productUsage(em, account.id, before);
  const top = await topUsersBySeconds(em, account.id, current, TOP_USERS);
  const condensed = await sessionHistoryCondensed(em, account.id, current);

  // Products used in either week, in catalogue order.
  const merged = new Map<number, { position: number; row: WeeklyProductRow }>();
  for (const u of [...usage, ...previousUsage]) {
    if (merged.has(u.productId)) continue;
    const row = { productName: u.productName, sessions: 0, activeSessions: 0, users: 0, seconds: 0 };
    merged.set(u.productId, { position: u.position, row: { ...row, previousSessions: 0, previousSeconds: 0 } });
  }
  for (const { productId, sessions, activeSessions, users, seconds } of usage)
    Object.assign(merged.get(productId)!.row, { sessions, activeSessions, users, seconds });
  for (const { productId, sessions, seconds } of previousUsage)
    Object.assign(merged.get(productId)!.row, { previousSessions: sessions, previousSeconds: seconds });
  const products = [...merged]
    .sort(([idA, a], [idB, b]) => a.position - b.position || idA - idB)
    .map(([, { row }]) => row);
  const sum = (key: 'sessions' | 'seconds' | 'previousSessions' | 'previousSeconds') =>
    products.reduce((n, p) => n + p[key], 0);

  const thresholds = thresholdsOf(account);
  const flags = await computeFlags(em, account.id, { thresholds, now: week.to, timeZone: zone });
  const counts = [flags.idleSeats, flags.underusedPools, flags.frequentDenials, flags.outdatedVersions].map(
    (list) => list.length,
  );
  const sections = flagsTables(flags, zone, week.to).map(
    (table, i): WeeklyFlagSection => ({
      kind: FLAG_KINDS[i]!,
      count: counts[i]!,
      table: { ...table, rows: table.rows.slice(0, TOP_FLAG_ROWS), notes: [] },
    }),
  );

  const pools = (await productPoolDemand(em, account.id, undefined, { from: week.from, to: week.to }))
    .filter((p) => p.demand.peak > 0)
    .sort((a, b) => b.demand.peak / b.seats - a.demand.peak / a.seats)
    .slice(0, WEEKLY_POOL_CHARTS)
    .map((p) => ({
      label: p.label,
      seats: p.seats,
      demand: { ...p.demand, steps: stepEnvelope(p.demand).map(([at, inUse]) => ({ at, inUse })) },
    }));

  return {
    accountId: account.id,
    periodKey,
    zone,
    week: span(week),
    previous: span(week.previous),
    countedUntil: current.now.toISOString(),
    products,
    totals: {
      sessions: sum('sessions'),
      seconds: sum('seconds'),
      users: top.totalUsers,
      previousSessions: sum('previousSessions'),
      previousSeconds: sum('previousSeconds'),
    },
    topUsers: top.rows,
    flags: {
      asOf: week.to.toISOString(),
      thresholds,
      sections,
      denials: flags.frequentDenials.map((f) => ({
        productName: f.productName,
        codeLabel: f.codeLabel,
        licenseType: f.licenseType,
        seats: f.seats,
        declined: f.declined,
        suggestedExtraSeats: f.suggestedExtraSeats,
      })),
    },
    licenses: await expiringLicenses(em, account.id, periodKey, zone),
    condensed,
    pools,
  };
}

/**
 * Licenses expiring within 30 days of the posting date (soonest first), then expired ones
 * (latest first), by the stats' own status rules with the posting date as "today".
 */
async function expiringLicenses(
  em: EntityManager,
  accountId: number,
  periodKey: string,
  zone: string,
): Promise<WeeklyLicenseExpiry[]> {
  const stats = await licenseStats(em, accountId, {
    now: startOfZonedDay(periodKey, zone),
    timeZone: zone,
    declinedNoteThreshold: Number.POSITIVE_INFINITY,
  });
  const of = (state: 'expiring' | 'expired') => stats.licenses.filter((l) => l.status.state === state);
  return [
    ...of('expiring').sort((a, b) => a.status.daysLeft - b.status.daysLeft),
    ...of('expired').sort((a, b) => b.status.daysLeft - a.status.daysLeft),
  ].map((l) => ({
    productName: l.productName,
    codeLabel: l.activationCode,
    type: l.type,
    expiresOn: l.expiresOn,
    status: { ...l.status, state: l.status.state as 'expiring' | 'expired' },
  }));
}

function span(s: Span): ReportSpan {
  return { fromDate: s.fromDate, toDate: s.toDate, from: s.from.toISOString(), to: s.to.toISOString() };
}
