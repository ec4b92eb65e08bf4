import { UserError } from '../errors.js';
import { addDays, addMonths, localDate, startOfZonedDay } from './time-zone.js';
import { typedDate } from './typed-input.js';

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

/** How `from` and `to` are written where they were typed: chat words, or CLI flags. */
export interface WindowFields {
  from: string;
  to: string;
}
export const CHAT_WINDOW_FIELDS: WindowFields = { from: 'from', to: 'to' };
export const CLI_WINDOW_FIELDS: WindowFields = { from: '--from', to: '--to' };

/**
 * The window of a session history (docs/numbers.md, Session history). `from` and `to` are calendar dates in the
 * account's zone: `from` starts at the beginning of its day and `to` runs through the end
 * of its day. Without `to` the window ends now; without `from` it starts at the beginning
 * of the day three months before its last day.
 */
export function resolveHistoryWindow(
  input: { from?: string; to?: string; fields?: WindowFields },
  now: Date,
  zone: string,
  months = DEFAULT_HISTORY_MONTHS,
): TimeWindow {
  const fields = input.fields ?? CHAT_WINDOW_FIELDS;
  const typedFrom = input.from === undefined ? undefined : typedDate(input.from, fields.from);
  const toDate = input.to === undefined ? localDate(now, zone) : typedDate(input.to, fields.to);
  const fromDate = typedFrom ?? addMonths(toDate, -months);
  if (fromDate > toDate) {
    throw new UserError(
      `The window starts (${fromDate}) after it ends (${toDate}).`,
      `Give a ${fields.from} date on or before the ${fields.to} date.`,
    );
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
