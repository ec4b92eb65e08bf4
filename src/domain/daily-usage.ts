import { addDays, daysBetween } from './time-zone.js';

/**
 * A product's sessions and denials per local day of a period. Pure, so the chart, its alt
 * text and the native Slack chart all come from the same numbers.
 */
export interface DailyUsage {
  /** `YYYY-MM-DD`, every day from the first to the last of the period, in order. */
  days: string[];
  /** Sessions that started on each day. */
  sessions: number[];
  /** Declined Access (`declined`, `take_denied`) on each day. */
  denials: number[];
}

/** The counts of the days that have any, spread over every day from `first` to `last` (zeros between). */
export function dailyUsage(
  first: string,
  last: string,
  counts: readonly { day: string; sessions?: number; denials?: number }[],
): DailyUsage {
  const days = Array.from({ length: Math.max(0, daysBetween(first, last)) + 1 }, (_, i) => addDays(first, i));
  const index = new Map(days.map((d, i) => [d, i]));
  const sessions = days.map(() => 0);
  const denials = days.map(() => 0);
  for (const c of counts) {
    const i = index.get(c.day);
    if (i === undefined) continue;
    sessions[i]! += c.sessions ?? 0;
    denials[i]! += c.denials ?? 0;
  }
  return { days, sessions, denials };
}

/** The day with the most of `values` (the first of equals), or undefined when all are 0. */
export function busiestDay(usage: DailyUsage, values: readonly number[]): { day: string; count: number } | undefined {
  let best = -1;
  for (const [i, v] of values.entries()) if (v > 0 && (best < 0 || v > values[best]!)) best = i;
  return best < 0 ? undefined : { day: usage.days[best]!, count: values[best]! };
}
