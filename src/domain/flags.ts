import type { LicenseType } from './license.js';

/** The span a flag was computed on: [from, to). */
export interface FlagWindow {
  from: Date;
  to: Date;
}

interface LicenseRef {
  productName: string;
  licenseId: number;
  /** The first five characters of the activation code; never the whole code. */
  acPrefix: string;
  /** How the code is shown: `AB12C…`, or as many characters as tell it from a code sharing that prefix (code-labels.ts). */
  codeLabel: string;
}

/** An active activation whose user had no session with that product in the window. */
export interface IdleSeatFlag extends LicenseRef {
  kind: 'idle_seat';
  userEmail: string;
  machine: string;
  activatedAt: Date;
  /** When the user's most recent session with the product ended (or was last seen); null if never. */
  lastSessionAt: Date | null;
  idleDays: number;
  window: FlagWindow;
}

/** A MUL pool whose peak concurrent use in the window stayed below its seats. */
export interface UnderusedPoolFlag extends LicenseRef {
  kind: 'underused_pool';
  seats: number;
  peak: number;
  /** The first moment the peak was reached; null when nobody used the pool at all. */
  peakAt: Date | null;
  /** Session hours inside the window. */
  usedHours: number;
  /** seats × window hours. */
  capacityHours: number;
  /** usedHours / capacityHours, 0..1. */
  utilization: number;
  window: FlagWindow;
}

/** A license whose declined accesses in the window reached the account's threshold. */
export interface DenialFlag extends LicenseRef {
  kind: 'frequent_denials';
  licenseType: LicenseType;
  seats: number;
  declined: number;
  threshold: number;
  deniedUsers: number;
  /** Most distinct users denied within one clock hour: the demand one more seat per user would have met. */
  peakDeniedUsers: number;
  suggestedExtraSeats: number;
  window: FlagWindow;
}

/** A user whose latest session used an older version than the newest seen for the product. */
export interface OutdatedVersionFlag {
  kind: 'outdated_version';
  productName: string;
  userEmail: string;
  version: string;
  newestVersion: string;
  lastSessionAt: Date;
  window: FlagWindow;
}

export type Flag = IdleSeatFlag | UnderusedPoolFlag | DenialFlag | OutdatedVersionFlag;

/** The per-account thresholds (account table; defaults in docs/numbers.md, Flags). */
export interface FlagThresholds {
  idleSeatDays: number;
  poolWindowDays: number;
  denialThreshold: number;
  denialWindowDays: number;
}

/** The thresholds out of anything that carries them (an account row does). */
export function thresholdsOf(source: FlagThresholds): FlagThresholds {
  const { idleSeatDays, poolWindowDays, denialThreshold, denialWindowDays } = source;
  return { idleSeatDays, poolWindowDays, denialThreshold, denialWindowDays };
}

export const DEFAULT_THRESHOLDS: FlagThresholds = {
  idleSeatDays: 30,
  poolWindowDays: 28,
  denialThreshold: 5,
  denialWindowDays: 7,
};

export function isUnderusedPool(peak: number, seats: number): boolean {
  return peak < seats;
}

/** Share of the pool's seat-hours that sessions used; 0 for a pool without seats. */
export function seatHourUtilization(usedSeconds: number, seats: number, window: FlagWindow): number {
  const capacitySeconds = (seats * (window.to.getTime() - window.from.getTime())) / 1000;
  return capacitySeconds > 0 ? usedSeconds / capacitySeconds : 0;
}

export function isFrequentDenials(declined: number, threshold: number): boolean {
  return declined >= threshold;
}

/**
 * Extra seats to suggest for a license people are often denied: every user denied within the
 * same hour wanted a seat at about the same time, so the busiest hour's count of distinct
 * denied users is how many more seats would have served them all. At least one.
 */
export function suggestedExtraSeats(peakDeniedUsers: number): number {
  return Math.max(1, peakDeniedUsers);
}

function segments(version: string): string[] {
  return version
    .trim()
    .replace(/^v/i, '')
    .split(/[.\-_+ ]+/)
    .filter(Boolean);
}

function compareSegment(a: string, b: string): number {
  const na = /^\d+/.exec(a)?.[0];
  const nb = /^\d+/.exec(b)?.[0];
  if (na !== undefined && nb !== undefined) {
    // Compare digit strings by length first: exact for any length, unlike Number().
    const ta = na.replace(/^0+(?=\d)/, '');
    const tb = nb.replace(/^0+(?=\d)/, '');
    if (ta.length !== tb.length) return ta.length < tb.length ? -1 : 1;
    if (ta !== tb) return ta < tb ? -1 : 1;
    const ra = a.slice(na.length);
    const rb = b.slice(nb.length);
    // `20.3` is newer than `20.3b1` (a pre-release suffix), which is newer than `20.2`.
    if (ra === rb) return 0;
    if (ra === '') return 1;
    if (rb === '') return -1;
    return ra < rb ? -1 : 1;
  }
  if (na !== undefined) return 1;
  if (nb !== undefined) return -1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/**
 * Orders versions segment by segment, numerically (`20.10` > `20.9`, unlike string order);
 * missing segments count as 0, so `20.3` equals `20.3.0`.
 */
export function compareVersions(a: string, b: string): number {
  const sa = segments(a);
  const sb = segments(b);
  for (let i = 0; i < Math.max(sa.length, sb.length); i++) {
    const order = compareSegment(sa[i] ?? '0', sb[i] ?? '0');
    if (order !== 0) return order;
  }
  return 0;
}

/** The newest of some versions by compareVersions; undefined for none. */
export function newestVersion(versions: Iterable<string>): string | undefined {
  let newest: string | undefined;
  for (const v of versions) if (newest === undefined || compareVersions(v, newest) > 0) newest = v;
  return newest;
}
