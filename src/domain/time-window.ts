import { UserError } from '../errors.js';
import { addDays, addMonths, isIsoDate, localDate, startOfZonedDay } from './time-zone.js';

/** A half-open span of time [from, to), with the calendar dates people asked for. */
export interface TimeWindow {
  from: Date;
  to: Date;
  /** First day included, in the account's zone. */
  fromDate: string;
  /** Last day included, in the account's zone (today when the window ends now). */
  toDate: string;
  /** True when the window ends at `now` rather than at the end of a chosen day. */
  endsNow: boolean;
}

export const DEFAULT_HISTORY_MONTHS = 3;

function checkDate(name: string, value: string): string {
  const text = value.trim();
  if (!isIsoDate(text)) {
    throw new UserError(`"${value}" is not a date for ${name}.`, `Write it as YYYY-MM-DD, e.g. ${name} 2026-09-01.`);
  }
  return text;
}

/**
 * The window of a session history (docs/numbers.md, Session history). `from` and `to` are calendar dates in the
 * account's zone: `from` starts at the beginning of its day and `to` runs through the end
 * of its day. Without `to` the window ends now; without `from` it starts at the beginning
 * of the day three months before its last day.
 */
export function resolveHistoryWindow(
  input: { from?: string; to?: string },
  now: Date,
  zone: string,
  months = DEFAULT_HISTORY_MONTHS,
): TimeWindow {
  const toDate = input.to === undefined ? localDate(now, zone) : checkDate('to', input.to);
  const fromDate = input.from === undefined ? addMonths(toDate, -months) : checkDate('from', input.from);
  if (fromDate > toDate) {
    throw new UserError(`The window starts (${fromDate}) after it ends (${toDate}).`, 'Give a from date before to.');
  }
  const endsNow = input.to === undefined;
  return {
    from: startOfZonedDay(fromDate, zone),
    to: endsNow ? now : startOfZonedDay(addDays(toDate, 1), zone),
    fromDate,
    toDate,
    endsNow,
  };
}

/** The last `days` days ending now, as used by the flags (idle seats, pools, denials). */
export function trailingWindow(days: number, now: Date, zone: string): TimeWindow {
  const from = new Date(now.getTime() - days * 86_400_000);
  return { from, to: now, fromDate: localDate(from, zone), toDate: localDate(now, zone), endsNow: true };
}

/** A window as it travels in a job payload (JSON): its instants as ISO strings. */
export type SerializedWindow = Omit<TimeWindow, 'from' | 'to'> & { from: string; to: string };

export function serializeWindow(window: TimeWindow): SerializedWindow {
  return { ...window, from: window.from.toISOString(), to: window.to.toISOString() };
}

export function deserializeWindow(json: SerializedWindow): TimeWindow {
  return { ...json, from: new Date(json.from), to: new Date(json.to) };
}
