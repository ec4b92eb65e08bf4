import { describe, expect, it } from 'vitest';
import { resolveHistoryWindow } from '../../src/domain/time-window.js';
import { addDays, addMonths, startOfZonedDay, utcMs } from '../../src/domain/time-zone.js';
import { typedDate, typedEmail, typedInstant, typedWholeNumber } from '../../src/domain/typed-input.js';
import { zonedTime } from '../../src/domain/weekly-schedule.js';
import { UsageError, UserError } from '../../src/errors.js';

const now = new Date('2026-11-20T12:00:00Z');

describe('dates as typed', () => {
  it('never reads a year below 100 as 19xx in calendar arithmetic', () => {
    // Date.UTC(50, 2, 1) is 1950-03-01; these stay in year 50.
    expect(new Date(utcMs(50, 2, 1)).toISOString()).toBe('0050-03-01T00:00:00.000Z');
    expect(addDays('0050-03-01', 1)).toBe('0050-03-02');
    expect(addDays('0001-01-01', -1)).toBe('0000-12-31');
    expect(addMonths('0050-03-31', -1)).toBe('0050-02-28');
    expect(startOfZonedDay('0099-01-01', 'UTC').toISOString()).toBe('0099-01-01T00:00:00.000Z');
    expect(zonedTime('0099-01-05', '09:00', 'UTC').toISOString()).toBe('0099-01-05T09:00:00.000Z');
  });

  it('refuses a date outside 2000-01-01 … 2099-12-31, naming the field and the range', () => {
    for (const date of ['0001-01-01', '0099-12-31', '1999-12-31', '2100-01-01']) {
      expect(() => typedDate(date, 'from')).toThrow(
        `"${date}" is out of range for from: LicBot takes dates from 2000-01-01 to 2099-12-31.`,
      );
    }
    expect(typedDate('2000-01-01', 'from')).toBe('2000-01-01');
    expect(typedDate(' 2099-12-31 ', 'to')).toBe('2099-12-31');
    const error = (() => {
      try {
        typedDate('0001-01-01', '--from');
      } catch (e) {
        return e as UserError;
      }
    })();
    expect(error).toBeInstanceOf(UserError);
    expect(error?.hint).toBe('Give a date in that range, e.g. --from 2026-09-01.');
  });

  it('refuses dates that are not YYYY-MM-DD days of the calendar, in the words of where they were typed', () => {
    for (const text of ['2026-02-30', '2026-13-01', '26-09-01', '2026-9-1', '20266-01-01', '+002026-01-01', '']) {
      expect(() => typedDate(text, 'from')).toThrow(`"${text}" is not a date for from.`);
    }
    expect(() => resolveHistoryWindow({ from: 'x', fields: { from: '--from', to: '--to' } }, now, 'UTC')).toThrow(
      '"x" is not a date for --from.',
    );
  });

  it('checks both ends of a session history window, from first', () => {
    expect(() => resolveHistoryWindow({ from: '0001-01-01' }, now, 'UTC')).toThrow(/out of range for from/);
    expect(() => resolveHistoryWindow({ from: '0099-01-01', to: '0099-02-01' }, now, 'UTC')).toThrow(
      /"0099-01-01" is out of range for from/,
    );
    expect(() => resolveHistoryWindow({ to: '0050-03-01' }, now, 'UTC')).toThrow(/"0050-03-01" is out of range for to/);
    // The first day of the range is a whole day in the account's zone.
    const w = resolveHistoryWindow({ from: '2000-01-01', to: '2000-01-01' }, now, 'Asia/Kolkata');
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual([
      '1999-12-31T18:30:00.000Z',
      '2000-01-01T18:30:00.000Z',
    ]);
  });

  it('takes an instant only in ISO 8601 with its offset, in range', () => {
    expect(typedInstant('2026-11-30T09:00:00Z', '--at').toISOString()).toBe('2026-11-30T09:00:00.000Z');
    expect(typedInstant('2026-11-30T10:00+01:00', '--at').toISOString()).toBe('2026-11-30T09:00:00.000Z');
    for (const text of ['1', '12', '2026-11-30', '2026-11-30T09:00', 'yesterday', '2026-02-30T00:00:00Z']) {
      expect(() => typedInstant(text, '--at')).toThrow(`"${text}" is not an instant for --at.`);
    }
    expect(() => typedInstant('0001-01-01T00:00:00Z', '--at')).toThrow('"0001-01-01" is out of range for --at');
  });
});

describe('whole numbers as typed', () => {
  it('takes digits only, in range', () => {
    expect(typedWholeNumber('14', 'days', { min: 1, max: 92 })).toBe(14);
    expect(typedWholeNumber(' 007 ', '--limit', { min: 1 })).toBe(7);
    for (const text of ['1e1', '0x10', '7.0', '-5', '+5', 'ten', '١٢']) {
      expect(() => typedWholeNumber(text, 'days', { min: 1, max: 92 })).toThrow(
        `days must be a whole number from 1 to 92 (got "${text}").`,
      );
    }
    expect(() => typedWholeNumber('-5', '--limit', { min: 1 })).toThrow(
      '--limit must be a whole number ≥ 1 (got "-5").',
    );
    expect(() => typedWholeNumber('99999999999999999999', '--limit', { min: 1 })).toThrow(
      '--limit must be a whole number ≥ 1, at most 9,007,199,254,740,991 (got "99999999999999999999").',
    );
    expect(() => typedWholeNumber('', 'days', { min: 1, max: 92 })).toThrow('days needs a whole number from 1 to 92.');
    expect(() => typedWholeNumber('0', 'days', { min: 1, max: 92 })).toThrow(UsageError);
  });
});

describe('email addresses as typed', () => {
  it('lowercases an address and refuses a name, saying the filter takes whole addresses', () => {
    expect(typedEmail('Ana@Example.com', '--user')).toBe('ana@example.com');
    expect(() => typedEmail('bob', '--user')).toThrow('--user takes an email address, and "bob" is not one.');
    expect(() => typedEmail('Ana Smith', 'user')).toThrow('user takes an email address, and "Ana Smith" is not one.');
  });
});
