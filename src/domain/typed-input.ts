import { UsageError, UserError } from '../errors.js';
import { isIsoDate } from './time-zone.js';

/**
 * Dates and numbers as people type them, in chat (`from 2026-09-01`, `days 14`) and on the
 * command line (`--from 2026-09-01`, `--limit 50`). Each check names the field the way it is
 * written where it was typed, so the error says exactly what to change.
 */

/**
 * The calendar dates LicBot takes. Usage data is from this century; a wider range only lets
 * typos through (`0001-01-01`, `20266-01-01`), and a year below 100 is one that JavaScript's
 * `Date.UTC` would read as 19xx.
 */
export const FIRST_DATE = '2000-01-01';
export const LAST_DATE = '2099-12-31';
const EXAMPLE_DATE = '2026-09-01';

/**
 * A `YYYY-MM-DD` date of the calendar in the accepted range, or a UserError naming `field`
 * (`from`, `--from`); its hint shows the format, so the CLI prints no usage after it.
 */
export function typedDate(text: string, field: string): string {
  const date = text.trim();
  if (!isIsoDate(date))
    throw new UserError(
      `"${text}" is not a date for ${field}.`,
      `Write it as YYYY-MM-DD, e.g. ${field} ${EXAMPLE_DATE}.`,
    );
  if (date < FIRST_DATE || date > LAST_DATE)
    throw new UserError(
      `"${date}" is out of range for ${field}: LicBot takes dates from ${FIRST_DATE} to ${LAST_DATE}.`,
      `Give a date in that range, e.g. ${field} ${EXAMPLE_DATE}.`,
    );
  return date;
}

/**
 * An instant written in ISO 8601 with its offset (`2026-11-30T09:00:00Z`,
 * `2026-11-30T10:00+01:00`), within the accepted dates. A bare date or a number is refused:
 * `new Date('1')` would be 2001.
 */
export function typedInstant(text: string, field: string): Date {
  const instant = text.trim();
  const match = /^(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i.exec(instant);
  const ms = match ? Date.parse(instant) : Number.NaN;
  if (!match?.[1] || Number.isNaN(ms) || !isIsoDate(match[1]))
    throw new UserError(
      `"${text}" is not an instant for ${field}.`,
      `Write it as ISO 8601 with its offset, e.g. ${field} ${EXAMPLE_DATE}T09:00:00Z.`,
    );
  typedDate(match[1], field);
  return new Date(ms);
}

/** The largest id a table's `serial` key holds (PostgreSQL `int`): a larger one would fail in SQL. */
export const MAX_ID = 2_147_483_647;

/**
 * A whole number typed in digits (no sign, exponent, hex or decimals: `1e3`, `0x10` and
 * `7.0` are refused, not read as 1000, 16 and 7), from `min` to `max`. `hint` follows the
 * reason (chat commands give their usage there).
 */
export function typedWholeNumber(
  text: string,
  field: string,
  range: { min: number; max?: number },
  hint?: string,
): number {
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  const digits = text.trim();
  const n = /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
  if (Number.isSafeInteger(n) && n >= min && n <= max) return n;
  const count = (x: number) => x.toLocaleString('en-US');
  const wanted =
    max === Number.MAX_SAFE_INTEGER
      ? `a whole number ≥ ${count(min)}`
      : `a whole number from ${count(min)} to ${count(max)}`;
  if (digits === '') throw new UsageError(`${field} needs ${wanted}.`, hint);
  const tooLarge = max === Number.MAX_SAFE_INTEGER && n > max ? `, at most ${count(max)}` : '';
  throw new UsageError(`${field} must be ${wanted}${tooLarge} (got "${text}").`, hint);
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/**
 * An email address (lowercased: addresses are stored and compared so). A name such as `bob`
 * is refused with what to type instead: the filter matches whole addresses only.
 */
export function typedEmail(text: string, field: string, hint?: string): string {
  const email = text.trim().toLowerCase();
  if (EMAIL.test(email)) return email;
  throw new UserError(
    `${field} takes an email address, and "${text}" is not one.`,
    hint ?? `Give the whole address, e.g. ${field} ana@example.com.`,
  );
}
