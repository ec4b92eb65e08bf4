import { describe, expect, it } from 'vitest';
import { eventInstantProblem, expiryDateProblem, readIsoInstant } from '../../src/domain/accepted-dates.js';

describe('accepted dates', () => {
  it('reads years below 100 as themselves, never as 19xx', () => {
    const instant = readIsoInstant('0050-06-01T12:00:00+02:00')!;
    expect(new Date(instant.ms).toISOString()).toBe('0050-06-01T10:00:00.000Z');
    expect(new Date(readIsoInstant('0000-01-01T00:00:00Z')!.ms).getUTCFullYear()).toBe(0);
  });

  it('reads offsets, fractions and instants exactly', () => {
    expect(readIsoInstant('2026-01-15T10:30:00.5-03:30')).toEqual({
      ms: Date.parse('2026-01-15T14:00:00.500Z'),
      offsetMinutes: -210,
      fractionDigits: 1,
    });
    expect(readIsoInstant('2026-01-15 10:30:00Z')).toBeUndefined();
  });

  it('takes offsets -12:00..+14:00, up to 6 decimals, from the year 2000; dates 2000-01-01..9999-12-31', () => {
    expect(eventInstantProblem('2026-01-15T10:30:00-12:00')).toBeUndefined();
    expect(eventInstantProblem('2026-01-15T10:30:00+14:00')).toBeUndefined();
    expect(eventInstantProblem('2026-01-15T10:30:00+14:01')).toMatch(/offset \+14:01/);
    expect(eventInstantProblem('2026-01-15T10:30:00-12:01')).toMatch(/offset -12:01/);
    expect(eventInstantProblem('2000-01-01T00:00:00Z')).toBeUndefined();
    expect(eventInstantProblem('2000-01-01T00:59:59+01:00')).toMatch(/before 2000-01-01/);
    expect(eventInstantProblem('2026-01-15T10:30:00.123456Z')).toBeUndefined();
    expect(eventInstantProblem('2026-01-15T10:30:00.1234567Z')).toMatch(/7 decimals/);
    expect(expiryDateProblem('1999-12-31')).toBe('must be a date from 2000-01-01 to 9999-12-31');
    expect(expiryDateProblem('2000-01-01')).toBeUndefined();
    expect(expiryDateProblem('9999-12-31')).toBeUndefined();
  });
});
