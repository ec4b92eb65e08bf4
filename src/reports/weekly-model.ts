import type { FlagThresholds } from '../domain/flags.js';
import type { LicenseType } from '../domain/license.js';
import type { LicenseStatus } from '../domain/license-status.js';
import type { SeatDemand } from '../domain/seat-demand.js';
import type { CondensedRow } from '../queries/session-history.query.js';
import type { TopUserRow } from '../queries/weekly-usage.query.js';
import type { Table } from './table.js';

/** One week of a report: its local days and its instants (ISO 8601, UTC), [from, to). */
export interface ReportSpan {
  fromDate: string;
  toDate: string;
  from: string;
  to: string;
}

export interface WeeklyProductRow {
  productName: string;
  sessions: number;
  activeSessions: number;
  users: number;
  seconds: number;
  previousSessions: number;
  previousSeconds: number;
}

export interface WeeklyFlagSection {
  kind: 'idle_seat' | 'underused_pool' | 'frequent_denials' | 'outdated_version';
  count: number;
  /** The flag's table as `/licstats flags` shows it, cut to its first rows. */
  table: Table;
}

export interface WeeklyDenial {
  productName: string;
  /** How the code is shown (see code-labels.ts). */
  codeLabel: string;
  licenseType: LicenseType;
  seats: number;
  declined: number;
  suggestedExtraSeats: number;
}

export interface WeeklyLicenseExpiry {
  productName: string;
  /** How the code is shown (see code-labels.ts). */
  codeLabel: string;
  type: LicenseType;
  expiresOn: string;
  /** Relative to the posting date (`daysLeft` negative once expired). */
  status: LicenseStatus & { state: 'expiring' | 'expired' };
}

/**
 * What a weekly post says, as plain JSON-safe data: computed once per account, period and
 * zone, then rendered for every channel subscribed to it. Nothing here depends on the channel.
 */
export interface WeeklyReport {
  accountId: number;
  periodKey: string;
  zone: string;
  week: ReportSpan;
  previous: ReportSpan;
  /** Active sessions count up to this instant: the week's end, or `now` if that came first. */
  countedUntil: string;
  products: WeeklyProductRow[];
  totals: { sessions: number; seconds: number; users: number; previousSessions: number; previousSeconds: number };
  topUsers: TopUserRow[];
  flags: { asOf: string; thresholds: FlagThresholds; sections: WeeklyFlagSection[]; denials: WeeklyDenial[] };
  /** Expiring within 30 days of the posting date (soonest first), then expired (latest first). */
  licenses: WeeklyLicenseExpiry[];
  /** The condensed session history of the week: the attached CSV. */
  condensed: CondensedRow[];
  /**
   * The busiest MUL pools of the week (peak against seats), charted beside the CSV; their
   * step lines already at chart resolution, so the stored report stays small. Absent in
   * reports stored before charts existed.
   */
  pools?: { label: string; seats: number; demand: SeatDemand }[];
}

/**
 * How a weekly report writes its numbers and their change against the week before. Pure;
 * negative numbers use the minus sign (−), which does not break across lines like a hyphen.
 */

const MINUS = '\u2212';

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `${MINUS}${-n}` : '±0');

/** Session hours with one decimal: `12.5`, `1,204.0`. */
export function hoursText(seconds: number): string {
  return (seconds / 3600).toLocaleString('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/**
 * A count's change: `+2`, `−3`, `±0`, or `new` when the week before had none. With a unit:
 * `+2 sessions`, `−1 session`.
 */
export function countChange(current: number, previous: number, unit?: string): string {
  if (previous === 0 && current > 0) return 'new';
  const diff = current - previous;
  if (!unit) return signed(diff);
  return `${signed(diff)} ${Math.abs(diff) === 1 ? unit : `${unit}s`}`;
}

/**
 * The relative change, rounded to a whole percent: `+12%`, `−3%`, `±0%` when equal, `new`
 * when the week before had none, `—` when neither week had any. A change too small to show
 * as a whole percent is `<+1%` / `<−1%` rather than a misleading `+0%`.
 */
export function percentChange(current: number, previous: number): string {
  if (previous === 0) return current === 0 ? '—' : 'new';
  if (current === previous) return '±0%';
  const percent = Math.round(((current - previous) / previous) * 100);
  if (percent === 0) return current > previous ? '<+1%' : `<${MINUS}1%`;
  return `${signed(percent)}%`;
}

/** Days left before an expiry: `5`, `0` (today), `−10` once expired. */
export function daysLeftText(daysLeft: number): string {
  return daysLeft < 0 ? `${MINUS}${-daysLeft}` : String(daysLeft);
}
