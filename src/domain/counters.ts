import type { AccessMode, LicenseType } from './license.js';

/** The six usage counters (docs/numbers.md, Usage counters), in the order the portal shows them. */
export const COUNTER_NAMES = ['full', 'limited', 'declined', 'takes', 'takeDenied', 'checkouts'] as const;
export type CounterName = (typeof COUNTER_NAMES)[number];
export type Counters = Record<CounterName, number>;

/** Column headers, as the vendor portal and our CSV name them. */
export const COUNTER_LABELS: Record<CounterName, string> = {
  full: 'Full Access',
  limited: 'Limited Access',
  declined: 'Declined Access',
  takes: 'Takes',
  takeDenied: 'Take Denied',
  checkouts: 'Checkouts',
};

/**
 * Which access modes each counter counts (docs/numbers.md, Usage counters). A declined start also starts the program
 * in inactive mode, so declined and take_denied count as Limited Access too; hence
 * Limited ≥ Declined ≥ Take Denied always.
 */
export const COUNTER_MODES: Record<CounterName, readonly AccessMode[]> = {
  full: ['full'],
  limited: ['limited', 'declined', 'take_denied'],
  declined: ['declined', 'take_denied'],
  takes: ['take'],
  takeDenied: ['take_denied'],
  checkouts: ['checkout'],
};

/** Counters that mean nothing for a type and are always 0 for it (HWK has no counters at all). */
const ALWAYS_ZERO: Record<Exclude<LicenseType, 'HWK'>, readonly CounterName[]> = {
  SUL: ['checkouts'],
  MUL: ['takes', 'takeDenied'],
};

export type ModeCounts = Record<AccessMode, number>;

export function zeroCounters(): Counters {
  return { full: 0, limited: 0, declined: 0, takes: 0, takeDenied: 0, checkouts: 0 };
}

/**
 * The counters of one license from its per-mode event counts since counting started, plus
 * the imported portal baseline when that is still in effect. HWK reports no usage: null
 * (shown as "n/a", never 0).
 */
export function licenseCounters(type: LicenseType, modes: ModeCounts, baseline?: Counters | null): Counters | null {
  if (type === 'HWK') return null;
  const counters = zeroCounters();
  for (const name of COUNTER_NAMES) {
    counters[name] = COUNTER_MODES[name].reduce((sum, mode) => sum + modes[mode], baseline?.[name] ?? 0);
  }
  for (const name of ALWAYS_ZERO[type]) counters[name] = 0;
  return counters;
}

/** Sums counters; null entries (HWK) are skipped, and only-null input stays null ("n/a"). */
export function sumCounters(list: readonly (Counters | null)[]): Counters | null {
  let total: Counters | null = null;
  for (const counters of list) {
    if (!counters) continue;
    total ??= zeroCounters();
    for (const name of COUNTER_NAMES) total[name] += counters[name];
  }
  return total;
}
