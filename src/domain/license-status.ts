import { plural } from './plural.js';
import { daysBetween } from './time-zone.js';

/** A license expiring within this many days gets a warning (docs/numbers.md, Licenses). */
export const EXPIRY_WARNING_DAYS = 30;

export interface LicenseStatus {
  /** `Expires YYYY-MM-DD` or `Expired YYYY-MM-DD`. */
  text: string;
  state: 'valid' | 'expiring' | 'expired';
  /** Days from today to the expiry date; negative once expired. */
  daysLeft: number;
}

/**
 * Status of a license on `today` (both dates `YYYY-MM-DD` in the account's zone). A license
 * is usable through its expiry date and expired from the day after.
 */
export function licenseStatus(expiresOn: string, today: string): LicenseStatus {
  const daysLeft = daysBetween(today, expiresOn);
  if (daysLeft < 0) return { text: `Expired ${expiresOn}`, state: 'expired', daysLeft };
  return { text: `Expires ${expiresOn}`, state: daysLeft <= EXPIRY_WARNING_DAYS ? 'expiring' : 'valid', daysLeft };
}

const URGENCY: Record<LicenseStatus['state'], number> = { expired: 0, expiring: 1, valid: 2 };

/**
 * A product's status: the most urgent state among its licenses (expired, then expiring, then
 * valid) and how many licenses are in it, so one expired license is never hidden behind the
 * next expiry date of the others. Of several in that state: expired shows the latest expiry
 * (the freshest problem), expiring and valid the soonest.
 */
export function productStatus(statuses: readonly LicenseStatus[]): LicenseStatus & { licenses: number } {
  const state = statuses.reduce<LicenseStatus['state']>(
    (worst, s) => (URGENCY[s.state] < URGENCY[worst] ? s.state : worst),
    'valid',
  );
  const inState = statuses.filter((s) => s.state === state);
  const pick = inState.reduce((a, b) =>
    (state === 'expired' ? b.daysLeft > a.daysLeft : b.daysLeft < a.daysLeft) ? b : a,
  );
  const text = statuses.length > 1 ? `${pick.text} (${inState.length} of ${statuses.length})` : pick.text;
  return { ...pick, text, licenses: inState.length };
}

/** What to tell the admin about one license: expiry, activations, many declines. */
export function licenseWarnings(input: {
  label: string;
  status: LicenseStatus;
  activationsAvailable: number | null;
  declined: number | null;
  declinedThreshold: number;
}): string[] {
  const notes: string[] = [];
  const { label, status } = input;
  if (status.state === 'expired') notes.push(`${label} expired on ${status.text.slice(8)}.`);
  if (status.state === 'expiring') {
    const when = status.daysLeft === 0 ? 'today' : `in ${plural(status.daysLeft, 'day')}`;
    notes.push(`${label} expires ${when} (${status.text.slice(8)}).`);
  }
  if (input.activationsAvailable !== null && input.activationsAvailable <= 0) {
    notes.push(
      `${label} has no activations available: delete unused activations or buy more licenses to activate more computers with this code.`,
    );
  }
  if (input.declined !== null && input.declined >= input.declinedThreshold) {
    notes.push(`${label} was declined ${input.declined} times since the last reset: more licenses may be needed.`);
  }
  return notes;
}

/** Said after every reset, from the portal's help (docs/numbers.md, Reset). */
export const RESET_NOTE =
  'Programs report fresh data only after their second start-up or first renewal. Consider resetting after changing license allocation.';
