import { addDays, localDate, startOfZonedDay, utcMs, zoneOffsetMinutes } from './time-zone.js';

/**
 * When a weekly report is due, and which week it covers. Pure calendar rules; every instant
 * is computed in the subscription's own IANA zone, so a 09:00 Monday post stays at 09:00
 * local time across DST changes, and a +05:30 zone posts at its own 09:00.
 */
export interface WeeklySchedule {
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
  /** Local time of day, `HH:MM` (24 h). */
  timeOfDay: string;
  timeZone: string;
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const WEEKDAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/** A missed post is still sent this late; after that it is recorded as skipped. */
export const CATCH_UP_MS = 24 * 3600_000;

const MINUTE = 60_000;

/** ISO weekday (1 = Monday) of a `YYYY-MM-DD` date. */
export function isoWeekday(date: string): number {
  const day = new Date(`${date}T00:00:00Z`).getUTCDay();
  return day === 0 ? 7 : day;
}

/**
 * The instant the zone's clocks show `timeOfDay` on `date`. A time skipped by a DST change
 * (02:30 on a spring-forward night) is taken as the same time after the jump (03:30); a time
 * that happens twice (autumn) is its first occurrence.
 */
export function zonedTime(date: string, timeOfDay: string, zone: string): Date {
  const [h, m] = timeOfDay.split(':').map(Number) as [number, number];
  const dayStart = startOfZonedDay(date, zone).getTime();
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const wall = utcMs(y, mo - 1, d, h, m);
  // The offset in force at the start of the day and an hour after the guess cover both
  // sides of a change; keep the earliest candidate whose local wall time matches.
  const offsets = new Set([zoneOffsetMinutes(dayStart, zone), zoneOffsetMinutes(wall - 14 * 60 * MINUTE, zone)]);
  offsets.add(zoneOffsetMinutes(wall + 14 * 60 * MINUTE, zone));
  const exact = [...offsets]
    .map((offset) => wall - offset * MINUTE)
    .filter((t) => zoneOffsetMinutes(t, zone) * MINUTE + t === wall)
    .sort((a, b) => a - b);
  if (exact[0] !== undefined) return new Date(exact[0]);
  // Skipped: the offset before the jump puts the instant just after it.
  const before = zoneOffsetMinutes(dayStart, zone);
  return new Date(wall - before * MINUTE);
}

/** The post of one period: its key (the local posting date) and its instant. */
export interface DueRun {
  periodKey: string;
  dueAt: Date;
}

/** The posting of the schedule on the local date `date` (which must be its weekday). */
export function runOn(schedule: WeeklySchedule, date: string): DueRun {
  return { periodKey: date, dueAt: zonedTime(date, schedule.timeOfDay, schedule.timeZone) };
}

/** The latest posting at or before `now`. */
export function latestRun(schedule: WeeklySchedule, now: Date): DueRun {
  const today = localDate(now, schedule.timeZone);
  const back = (isoWeekday(today) - schedule.weekday + 7) % 7;
  const candidate = runOn(schedule, addDays(today, -back));
  return candidate.dueAt.getTime() <= now.getTime() ? candidate : runOn(schedule, addDays(candidate.periodKey, -7));
}

/** The first posting strictly after `now`. */
export function nextRun(schedule: WeeklySchedule, now: Date): DueRun {
  return runOn(schedule, addDays(latestRun(schedule, now).periodKey, 7));
}

/**
 * What the scheduler should do about the latest posting: post it (on time or up to 24 h
 * late), record it as skipped (later than that), or nothing (not yet due, or due before the
 * subscription existed).
 */
export function duty(
  schedule: WeeklySchedule,
  now: Date,
  createdAt: Date,
): { action: 'post' | 'skip'; run: DueRun } | undefined {
  const run = latestRun(schedule, now);
  if (run.dueAt.getTime() < createdAt.getTime()) return undefined;
  return { action: now.getTime() - run.dueAt.getTime() <= CATCH_UP_MS ? 'post' : 'skip', run };
}

/** A week of a report: the 7 whole local days before the posting date, and the week before. */
export interface ReportWeek {
  /** First and last local day covered. */
  fromDate: string;
  toDate: string;
  from: Date;
  to: Date;
  previous: { fromDate: string; toDate: string; from: Date; to: Date };
}

export function reportWeek(periodKey: string, zone: string): ReportWeek {
  const span = (firstDay: string) => ({
    fromDate: firstDay,
    toDate: addDays(firstDay, 6),
    from: startOfZonedDay(firstDay, zone),
    to: startOfZonedDay(addDays(firstDay, 7), zone),
  });
  return { ...span(addDays(periodKey, -7)), previous: span(addDays(periodKey, -14)) };
}

/** `mon 09:00 (Europe/Berlin)`. */
export function describeSchedule(schedule: WeeklySchedule): string {
  return `${WEEKDAYS[schedule.weekday - 1]} ${schedule.timeOfDay} (${schedule.timeZone})`;
}
