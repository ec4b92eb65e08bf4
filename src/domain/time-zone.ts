/** True when the runtime knows this IANA zone name (e.g. `Europe/Berlin`, `Asia/Kolkata`). */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const MINUTE = 60_000;

/**
 * `Date.UTC`, except that a year from 0 to 99 stays that year: `Date.UTC` reads it as 1900–1999,
 * so `0050-03-01` would silently become 1950. Months and days overflow as in `Date.UTC`.
 */
export function utcMs(year: number, monthIndex: number, day: number, hours = 0, minutes = 0, seconds = 0): number {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  date.setUTCHours(hours, minutes, seconds, 0);
  return date.getTime();
}
// Offsets change only on quarter hours in every zone still in use, so one lookup per quarter
// hour is exact and keeps CSV exports of a million rows from calling Intl a million times.
const BUCKET = 15 * MINUTE;
const formatters = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, Map<number, number>>();

function wallClockFormatter(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

function computeOffset(ms: number, zone: string): number {
  const parts: Record<string, number> = {};
  for (const part of wallClockFormatter(zone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = utcMs(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
}

/** The zone's UTC offset in minutes at an instant (+330 for Asia/Kolkata). */
export function zoneOffsetMinutes(instant: Date | number, zone: string): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  let cache = offsetCache.get(zone);
  if (!cache) {
    cache = new Map();
    offsetCache.set(zone, cache);
  }
  const bucket = Math.floor(ms / BUCKET);
  let offset = cache.get(bucket);
  if (offset === undefined) {
    if (cache.size > 50_000) cache.clear();
    offset = computeOffset(bucket * BUCKET, zone);
    cache.set(bucket, offset);
  }
  return offset;
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

function shifted(instant: Date | number, zone: string): { wall: Date; offset: number } {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  const offset = zoneOffsetMinutes(ms, zone);
  return { wall: new Date(ms + offset * MINUTE), offset };
}

function datePart(wall: Date): string {
  const year = wall.getUTCFullYear();
  return `${year < 1000 ? String(year).padStart(4, '0') : year}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`;
}

/** ISO 8601 in the zone, to the second, with its offset: `2026-11-03T14:05:00+05:30`. */
export function formatZoned(instant: Date | number, zone: string): string {
  const { wall, offset } = shifted(instant, zone);
  const abs = Math.abs(offset);
  const sign = offset < 0 ? '-' : '+';
  return `${datePart(wall)}T${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}:${pad2(wall.getUTCSeconds())}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** `2026-11-03 14:05` in the zone: for tables people read. */
export function formatZonedShort(instant: Date | number, zone: string): string {
  const { wall } = shifted(instant, zone);
  return `${datePart(wall)} ${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}`;
}

/** The calendar date (`YYYY-MM-DD`) the instant falls on in the zone. */
export function localDate(instant: Date | number, zone: string): string {
  return datePart(shifted(instant, zone).wall);
}

/**
 * The first instant of a calendar day in the zone. Usually local midnight; on a day whose
 * midnight is skipped by a DST change it is the moment the clocks jump.
 */
export function startOfZonedDay(date: string, zone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const utcMidnight = utcMs(y, m - 1, d);
  // Local midnight lies within 14 hours of UTC midnight in every zone; try the offset in
  // force on either side and keep the earliest instant that is already on that date.
  const candidates = [-14, 14]
    .map((hours) => utcMidnight - zoneOffsetMinutes(utcMidnight + hours * 60 * MINUTE, zone) * MINUTE)
    .filter((t) => localDate(t, zone) === date);
  return new Date(Math.min(...candidates));
}

/** Calendar arithmetic on `YYYY-MM-DD` strings (no zone involved). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return datePart(new Date(utcMs(y, m - 1, d + days)));
}

/** Adds calendar months; a day past the end of the target month becomes its last day. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const lastDay = new Date(utcMs(y, m - 1 + months + 1, 0)).getUTCDate();
  return datePart(new Date(utcMs(y, m - 1 + months, Math.min(d, lastDay))));
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / (24 * 60 * MINUTE));
}

/** A real calendar date written `YYYY-MM-DD` (rejects 2026-02-30). */
export function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}
