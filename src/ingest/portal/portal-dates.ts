import { z } from 'zod';

/**
 * No portal data is older than this. An earlier year is a typo or a two-digit year that a
 * spreadsheet padded (`0026`, `0001`), never a date to store or to read as 19xx.
 */
export const EARLIEST_DAY = '2000-01-01';
const EARLIEST_MS = Date.parse(`${EARLIEST_DAY}T00:00:00Z`);

const dateTime = z.iso.datetime({ offset: true });
const DATE_TIME_EXAMPLE = '2026-01-15T09:30:00Z or 2026-01-15T10:30:00+01:00';

/** Epoch milliseconds of an ISO 8601 date-time with an offset (at most milliseconds), or what is wrong with it. */
export function readDateTime(text: string): number | string {
  if (!dateTime.safeParse(text).success) {
    return `"${text}" is not an ISO 8601 date-time with seconds and an offset: write it like ${DATE_TIME_EXAMPLE}`;
  }
  if (/\.\d{4,}/.test(text)) return `"${text}" has more than 3 decimals of seconds: round it to milliseconds`;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return `"${text}" is not a real date-time: check the day of the month`;
  if (ms < EARLIEST_MS) return `"${text}" is before ${EARLIEST_DAY}: write the full four-digit year`;
  return ms;
}

/** A calendar day `YYYY-MM-DD` from 2000-01-01 on, or what is wrong with it. */
export function readDay(text: string): string | { problem: string } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return { problem: `"${text}" is not a date YYYY-MM-DD` };
  const ms = Date.parse(`${text}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    return { problem: `"${text}" is not a real date: check the month and the day` };
  }
  if (text < EARLIEST_DAY) {
    return { problem: `"${text}" is before ${EARLIEST_DAY}: write the full four-digit year` };
  }
  return text;
}
