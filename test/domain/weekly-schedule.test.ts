import { describe, expect, it } from 'vitest';
import { formatZoned } from '../../src/domain/time-zone.js';
import {
  describeSchedule,
  duty,
  isoWeekday,
  latestRun,
  nextRun,
  reportWeek,
  type WeeklySchedule,
  zonedTime,
} from '../../src/domain/weekly-schedule.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const HOUR = 3600_000;

// Europe/Berlin in 2026: summer time starts Sunday 29 March at 01:00 UTC (02:00 → 03:00)
// and ends Sunday 25 October at 01:00 UTC (03:00 → 02:00).
describe('zonedTime', () => {
  it('takes a time skipped in spring as the same time after the jump', () => {
    expect(iso(zonedTime('2026-03-29', '02:30', 'Europe/Berlin'))).toBe('2026-03-29T01:30:00.000Z');
    expect(formatZoned(zonedTime('2026-03-29', '02:30', 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-03-29T03:30:00+02:00',
    );
    expect(iso(zonedTime('2026-03-28', '02:30', 'Europe/Berlin'))).toBe('2026-03-28T01:30:00.000Z');
  });

  it('takes a time that happens twice in autumn at its first occurrence', () => {
    expect(iso(zonedTime('2026-10-25', '02:30', 'Europe/Berlin'))).toBe('2026-10-25T00:30:00.000Z');
    expect(formatZoned(zonedTime('2026-10-25', '02:30', 'Europe/Berlin'), 'Europe/Berlin')).toBe(
      '2026-10-25T02:30:00+02:00',
    );
  });

  it('keeps 09:00 local on both sides of both changes', () => {
    expect(iso(zonedTime('2026-03-28', '09:00', 'Europe/Berlin'))).toBe('2026-03-28T08:00:00.000Z');
    expect(iso(zonedTime('2026-03-29', '09:00', 'Europe/Berlin'))).toBe('2026-03-29T07:00:00.000Z');
    expect(iso(zonedTime('2026-10-24', '09:00', 'Europe/Berlin'))).toBe('2026-10-24T07:00:00.000Z');
    expect(iso(zonedTime('2026-10-25', '09:00', 'Europe/Berlin'))).toBe('2026-10-25T08:00:00.000Z');
  });

  it('handles a +05:30 zone and UTC', () => {
    expect(iso(zonedTime('2026-12-07', '09:00', 'Asia/Kolkata'))).toBe('2026-12-07T03:30:00.000Z');
    // 03:00 in Kolkata is still the previous day in UTC.
    expect(iso(zonedTime('2026-12-07', '03:00', 'Asia/Kolkata'))).toBe('2026-12-06T21:30:00.000Z');
    expect(iso(zonedTime('2026-12-07', '00:00', 'UTC'))).toBe('2026-12-07T00:00:00.000Z');
  });
});

describe('latestRun and nextRun', () => {
  const sunday0230: WeeklySchedule = { weekday: 7, timeOfDay: '02:30', timeZone: 'Europe/Berlin' };
  const sunday0900: WeeklySchedule = { weekday: 7, timeOfDay: '09:00', timeZone: 'Europe/Berlin' };
  const mondayKolkata: WeeklySchedule = { weekday: 1, timeOfDay: '09:00', timeZone: 'Asia/Kolkata' };

  it('counts a run due exactly now as the latest, and the next one a week on', () => {
    const due = at('2026-03-22T08:00:00Z');
    expect(latestRun(sunday0900, due)).toEqual({ periodKey: '2026-03-22', dueAt: due });
    expect(nextRun(sunday0900, due)).toEqual({ periodKey: '2026-03-29', dueAt: at('2026-03-29T07:00:00Z') });
    const justBefore = new Date(due.getTime() - 1);
    expect(latestRun(sunday0900, justBefore)).toEqual({
      periodKey: '2026-03-15',
      dueAt: at('2026-03-15T08:00:00Z'),
    });
    expect(nextRun(sunday0900, justBefore)).toEqual({ periodKey: '2026-03-22', dueAt: due });
  });

  it('walks a 02:30 post through spring forward and back again', () => {
    const runs: string[] = [];
    let now = at('2026-03-20T00:00:00Z');
    for (let i = 0; i < 3; i++) {
      const run = nextRun(sunday0230, now);
      runs.push(formatZoned(run.dueAt, 'Europe/Berlin'));
      now = run.dueAt;
    }
    expect(runs).toEqual(['2026-03-22T02:30:00+01:00', '2026-03-29T03:30:00+02:00', '2026-04-05T02:30:00+02:00']);
  });

  it('posts a repeated autumn time once: the second 02:30 is after the latest run, not a new one', () => {
    const secondPass = at('2026-10-25T01:40:00Z'); // 02:40 CET, after the first 02:30 (CEST)
    expect(latestRun(sunday0230, secondPass)).toEqual({
      periodKey: '2026-10-25',
      dueAt: at('2026-10-25T00:30:00Z'),
    });
    expect(nextRun(sunday0230, secondPass).periodKey).toBe('2026-11-01');
    expect(iso(nextRun(sunday0900, secondPass).dueAt)).toBe('2026-10-25T08:00:00.000Z');
  });

  it('uses the local date in a +05:30 zone, not the UTC one', () => {
    // Sunday 20:00 UTC is already Monday 01:30 in Kolkata: this Monday's 09:00 is still ahead.
    const now = at('2026-12-06T20:00:00Z');
    expect(latestRun(mondayKolkata, now).periodKey).toBe('2026-11-30');
    expect(nextRun(mondayKolkata, now)).toEqual({ periodKey: '2026-12-07', dueAt: at('2026-12-07T03:30:00Z') });
    expect(latestRun(mondayKolkata, at('2026-12-07T03:30:00Z')).periodKey).toBe('2026-12-07');
    expect(isoWeekday('2026-12-07')).toBe(1);
    expect(isoWeekday('2026-12-06')).toBe(7);
  });
});

describe('duty', () => {
  const monday: WeeklySchedule = { weekday: 1, timeOfDay: '09:00', timeZone: 'UTC' };
  const due = at('2026-11-30T09:00:00Z');
  const created = at('2026-11-01T00:00:00Z');

  it('posts from the due instant until 24 hours late, then skips', () => {
    expect(duty(monday, due, created)).toEqual({ action: 'post', run: { periodKey: '2026-11-30', dueAt: due } });
    expect(duty(monday, new Date(due.getTime() + 24 * HOUR), created)?.action).toBe('post');
    expect(duty(monday, new Date(due.getTime() + 24 * HOUR + 1), created)).toEqual({
      action: 'skip',
      run: { periodKey: '2026-11-30', dueAt: due },
    });
  });

  it('before the due instant it concerns the previous week', () => {
    expect(duty(monday, new Date(due.getTime() - 1), created)).toEqual({
      action: 'skip',
      run: { periodKey: '2026-11-23', dueAt: at('2026-11-23T09:00:00Z') },
    });
  });

  it('does nothing about a run due before the subscription existed', () => {
    const createdAfter = at('2026-11-30T10:00:00Z');
    expect(duty(monday, at('2026-11-30T11:00:00Z'), createdAfter)).toBeUndefined();
    // Created exactly at the due instant: that run is its first.
    expect(duty(monday, at('2026-11-30T11:00:00Z'), due)?.action).toBe('post');
    expect(duty(monday, at('2026-12-07T09:00:00Z'), createdAfter)?.run.periodKey).toBe('2026-12-07');
  });
});

describe('reportWeek', () => {
  it('covers the 7 local days before the posting date, and the week before that', () => {
    const week = reportWeek('2026-12-07', 'Europe/Berlin');
    expect(week).toEqual({
      fromDate: '2026-11-30',
      toDate: '2026-12-06',
      from: at('2026-11-29T23:00:00Z'),
      to: at('2026-12-06T23:00:00Z'),
      previous: {
        fromDate: '2026-11-23',
        toDate: '2026-11-29',
        from: at('2026-11-22T23:00:00Z'),
        to: at('2026-11-29T23:00:00Z'),
      },
    });
  });

  it('is 167 hours long across spring forward and starts at local midnight in +05:30', () => {
    const spring = reportWeek('2026-03-30', 'Europe/Berlin');
    expect([spring.fromDate, spring.toDate]).toEqual(['2026-03-23', '2026-03-29']);
    expect((spring.to.getTime() - spring.from.getTime()) / HOUR).toBe(167);
    const kolkata = reportWeek('2026-12-07', 'Asia/Kolkata');
    expect(iso(kolkata.from)).toBe('2026-11-29T18:30:00.000Z');
    expect(iso(kolkata.to)).toBe('2026-12-06T18:30:00.000Z');
  });
});

it('describes a schedule as typed', () => {
  expect(describeSchedule({ weekday: 5, timeOfDay: '17:30', timeZone: 'Asia/Kolkata' })).toBe(
    'fri 17:30 (Asia/Kolkata)',
  );
});
