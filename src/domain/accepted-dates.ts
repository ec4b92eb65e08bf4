/**
 * What dates and instants the event and license APIs take (docs/numbers.md, "Dates the API
 * takes"). Anything outside is refused with a message naming the field, instead of reaching
 * PostgreSQL (which refuses year 0 and offsets beyond ±15:59) or JavaScript (which cannot
 * print the BC instants PostgreSQL would store for year 1 with a positive offset).
 */

/** No license client reported usage before this: an earlier `at` is a broken clock. */
export const EARLIEST_EVENT_AT = '2000-01-01T00:00:00Z';
const EARLIEST_EVENT_MS = Date.parse(EARLIEST_EVENT_AT);

/** Expiry dates: from 2000 (an already expired license) to 9999-12-31 (a common "never"). */
export const EARLIEST_EXPIRY = '2000-01-01';
export const LATEST_EXPIRY = '9999-12-31';

/** UTC offsets in minutes that real time zones use: -12:00 (Baker Island) to +14:00 (Kiribati). */
export const MIN_OFFSET_MINUTES = -12 * 60;
export const MAX_OFFSET_MINUTES = 14 * 60;

/** PostgreSQL keeps microseconds; more digits would be rounded, so not stored as sent. */
export const MAX_FRACTION_DIGITS = 6;

/** The parts of an ISO 8601 date-time with an offset (`2026-01-15T10:30:00.5+01:00`, `…Z`). */
const ISO_INSTANT = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(?:Z|([+-])(\d\d):(\d\d))$/;

export interface IsoInstant {
  /** Epoch milliseconds (fractions beyond milliseconds dropped). */
  ms: number;
  offsetMinutes: number;
  fractionDigits: number;
}

/**
 * Reads an ISO 8601 date-time whose shape is already checked. Computed from its parts, not
 * with `Date.UTC`, which reads years 0–99 as 1900–1999.
 */
export function readIsoInstant(text: string): IsoInstant | undefined {
  const m = ISO_INSTANT.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction = '', sign, oh = '0', om = '0'] = m;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om));
  const wall = new Date(0);
  wall.setUTCFullYear(Number(y), Number(mo) - 1, Number(d));
  wall.setUTCHours(Number(h), Number(mi), Number(s), Number(fraction.slice(0, 3).padEnd(3, '0')));
  return { ms: wall.getTime() - offsetMinutes * 60_000, offsetMinutes, fractionDigits: fraction.length };
}

/** `+05:30` for 330. */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Why an event instant is not taken (its shape being right), or undefined when it is. */
export function eventInstantProblem(text: string): string | undefined {
  const instant = readIsoInstant(text);
  if (!instant) return undefined;
  if (instant.offsetMinutes < MIN_OFFSET_MINUTES || instant.offsetMinutes > MAX_OFFSET_MINUTES) {
    return (
      `has the offset ${formatOffset(instant.offsetMinutes)}: offsets must be between ` +
      `${formatOffset(MIN_OFFSET_MINUTES)} and ${formatOffset(MAX_OFFSET_MINUTES)}, as real time zones use`
    );
  }
  if (instant.fractionDigits > MAX_FRACTION_DIGITS) {
    return `has ${instant.fractionDigits} decimals of seconds: at most ${MAX_FRACTION_DIGITS} (microseconds) are stored`;
  }
  if (instant.ms < EARLIEST_EVENT_MS) {
    return `is before ${EARLIEST_EVENT_AT}: send when it happened, from the year 2000 on (check the clock)`;
  }
  return undefined;
}

/** Why an expiry date `YYYY-MM-DD` (its shape being right) is not taken, or undefined. */
export function expiryDateProblem(date: string): string | undefined {
  // Same-length ISO dates compare as text in calendar order.
  if (date < EARLIEST_EXPIRY || date > LATEST_EXPIRY) {
    return `must be a date from ${EARLIEST_EXPIRY} to ${LATEST_EXPIRY}`;
  }
  return undefined;
}
