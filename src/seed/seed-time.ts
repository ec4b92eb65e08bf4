import { zoneOffsetMinutes } from '../domain/time-zone.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** One calendar day in the account's time zone. */
export interface LocalDay {
  /** `YYYY-MM-DD` in the account's zone. */
  date: string;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  /** The calendar date read as if it were UTC midnight; local wall time = this + hours. */
  wallMidnight: number;
  /** UTC offset at local noon. Working hours never straddle a DST switch (they happen at night). */
  offsetMs: number;
}

/** Wall time minus UTC at an instant, in ms (e.g. +3_600_000 for Europe/Berlin in winter). */
export function zoneOffsetMs(timeZone: string, utcMs: number): number {
  return zoneOffsetMinutes(utcMs, timeZone) * 60_000;
}

function localDayAt(timeZone: string, wallMidnight: number): LocalDay {
  const guess = wallMidnight + 12 * HOUR_MS;
  const offsetMs = zoneOffsetMs(timeZone, guess - zoneOffsetMs(timeZone, guess));
  return {
    date: new Date(wallMidnight).toISOString().slice(0, 10),
    weekday: new Date(wallMidnight).getUTCDay(),
    wallMidnight,
    offsetMs,
  };
}

/** The local calendar days that overlap [startMs, endMs), oldest first. */
export function localDays(timeZone: string, startMs: number, endMs: number): LocalDay[] {
  const wallDate = (ms: number) => {
    const wall = ms + zoneOffsetMs(timeZone, ms);
    return wall - (((wall % DAY_MS) + DAY_MS) % DAY_MS);
  };
  const days: LocalDay[] = [];
  for (let day = wallDate(startMs); day <= wallDate(endMs - 1); day += DAY_MS) days.push(localDayAt(timeZone, day));
  return days;
}

/** The UTC instant of a local wall time `hours` after the day's midnight (hours may pass 24). */
export function localToUtc(day: LocalDay, hours: number): number {
  return day.wallMidnight + Math.round(hours * HOUR_MS) - day.offsetMs;
}

/** Clients report whole seconds. */
export function roundSecond(ms: number): number {
  return Math.round(ms / 1000) * 1000;
}

export { DAY_MS, HOUR_MS };
