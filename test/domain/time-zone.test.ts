import { describe, expect, it } from 'vitest';
import { resolveHistoryWindow } from '../../src/domain/time-window.js';
import {
  addDays,
  addMonths,
  daysBetween,
  formatZoned,
  isIsoDate,
  localDate,
  startOfZonedDay,
  zoneOffsetMinutes,
} from '../../src/domain/time-zone.js';
import { UserError } from '../../src/errors.js';

describe('zoned times', () => {
  it('formats with a 30-minute offset (Asia/Kolkata, +05:30)', () => {
    expect(formatZoned(new Date('2026-11-03T08:35:00Z'), 'Asia/Kolkata')).toBe('2026-11-03T14:05:00+05:30');
    // 20:00 UTC is already the next day in Kolkata.
    expect(formatZoned(new Date('2026-11-03T20:00:09Z'), 'Asia/Kolkata')).toBe('2026-11-04T01:30:09+05:30');
    expect(localDate(new Date('2026-11-03T18:29:59Z'), 'Asia/Kolkata')).toBe('2026-11-03');
    expect(localDate(new Date('2026-11-03T18:30:00Z'), 'Asia/Kolkata')).toBe('2026-11-04');
  });

  it('formats negative offsets, UTC and both sides of a DST change', () => {
    expect(formatZoned(new Date('2026-01-15T12:00:00Z'), 'America/St_Johns')).toBe('2026-01-15T08:30:00-03:30');
    expect(formatZoned(new Date('2026-01-15T12:00:00Z'), 'UTC')).toBe('2026-01-15T12:00:00+00:00');
    // Europe/Berlin leaves summer time at 01:00 UTC on 2026-10-25.
    expect(formatZoned(new Date('2026-10-25T00:59:59Z'), 'Europe/Berlin')).toBe('2026-10-25T02:59:59+02:00');
    expect(formatZoned(new Date('2026-10-25T01:00:00Z'), 'Europe/Berlin')).toBe('2026-10-25T02:00:00+01:00');
    expect(zoneOffsetMinutes(new Date('2026-07-01T00:00:00Z'), 'Asia/Kathmandu')).toBe(345);
  });

  it('finds the first instant of a local day', () => {
    expect(startOfZonedDay('2026-11-03', 'Asia/Kolkata').toISOString()).toBe('2026-11-02T18:30:00.000Z');
    expect(startOfZonedDay('2026-03-29', 'Europe/Berlin').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(startOfZonedDay('2026-03-30', 'Europe/Berlin').toISOString()).toBe('2026-03-29T22:00:00.000Z');
    // São Paulo skipped midnight on 2018-11-04: the day began at 01:00 local (03:00 UTC).
    expect(startOfZonedDay('2018-11-04', 'America/Sao_Paulo').toISOString()).toBe('2018-11-04T03:00:00.000Z');
    expect(startOfZonedDay('2026-01-01', 'Pacific/Kiritimati').toISOString()).toBe('2025-12-31T10:00:00.000Z');
  });

  it('does calendar arithmetic on dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addMonths('2026-05-31', -3)).toBe('2026-02-28');
    expect(addMonths('2026-11-30', -3)).toBe('2026-08-30');
    expect(daysBetween('2026-11-28', '2026-12-28')).toBe(30);
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(isIsoDate('2026-02-28')).toBe(true);
  });
});

describe('resolveHistoryWindow', () => {
  const now = new Date('2026-11-28T10:00:00Z');

  it('defaults to three months ending now, from the start of that day in the zone', () => {
    const w = resolveHistoryWindow({}, now, 'Asia/Kolkata');
    expect(w.fromDate).toBe('2026-08-28');
    expect(w.toDate).toBe('2026-11-28');
    expect(w.from.toISOString()).toBe('2026-08-27T18:30:00.000Z');
    expect(w.to).toBe(now);
    expect(w.endsNow).toBe(true);
  });

  it('takes from at the start of its day and to through the end of its day', () => {
    const w = resolveHistoryWindow({ from: '2026-09-01', to: '2026-09-30' }, now, 'Asia/Kolkata');
    expect(w.from.toISOString()).toBe('2026-08-31T18:30:00.000Z');
    expect(w.to.toISOString()).toBe('2026-09-30T18:30:00.000Z');
    expect(w.endsNow).toBe(false);
  });

  it('runs three months back from a given to', () => {
    const w = resolveHistoryWindow({ to: '2026-09-30' }, now, 'UTC');
    expect(w.fromDate).toBe('2026-06-30');
  });

  it('rejects bad dates and reversed windows with a hint', () => {
    expect(() => resolveHistoryWindow({ from: '2026-13-01' }, now, 'UTC')).toThrow(UserError);
    expect(() => resolveHistoryWindow({ from: '2026-13-01' }, now, 'UTC')).toThrow(/not a date for from/);
    expect(() => resolveHistoryWindow({ from: '2026-10-02', to: '2026-10-01' }, now, 'UTC')).toThrow(
      /starts \(2026-10-02\) after it ends \(2026-10-01\)/,
    );
  });
});
