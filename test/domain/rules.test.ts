import { describe, expect, it } from 'vitest';
import { peakConcurrency } from '../../src/domain/concurrency.js';
import { formatDuration } from '../../src/domain/duration.js';
import { compareVersions, newestVersion, seatHourUtilization, suggestedExtraSeats } from '../../src/domain/flags.js';
import { licenseStatus, licenseWarnings } from '../../src/domain/license-status.js';
import { matchProduct } from '../../src/domain/product-match.js';

describe('formatDuration', () => {
  it('writes H:MM:SS with unbounded hours', () => {
    expect(formatDuration(0)).toBe('0:00:00');
    expect(formatDuration(59)).toBe('0:00:59');
    expect(formatDuration(3600 + 2 * 60 + 3)).toBe('1:02:03');
    expect(formatDuration(27 * 3600 + 3 * 60 + 9)).toBe('27:03:09');
    expect(formatDuration(1000 * 3600)).toBe('1000:00:00');
    expect(formatDuration(59.6)).toBe('0:01:00');
  });
});

describe('licenseStatus', () => {
  it('says Expires until the date has passed, and warns within 30 days', () => {
    expect(licenseStatus('2026-12-29', '2026-11-28')).toEqual({
      text: 'Expires 2026-12-29',
      state: 'valid',
      daysLeft: 31,
    });
    expect(licenseStatus('2026-12-28', '2026-11-28').state).toBe('expiring');
    expect(licenseStatus('2026-11-28', '2026-11-28')).toEqual({
      text: 'Expires 2026-11-28',
      state: 'expiring',
      daysLeft: 0,
    });
    expect(licenseStatus('2026-11-27', '2026-11-28')).toEqual({
      text: 'Expired 2026-11-27',
      state: 'expired',
      daysLeft: -1,
    });
  });

  it('words the warnings people act on', () => {
    const notes = licenseWarnings({
      label: 'ElumTools AB12C…',
      status: licenseStatus('2026-12-01', '2026-11-28'),
      activationsAvailable: 0,
      declined: 5,
      declinedThreshold: 5,
    });
    expect(notes).toEqual([
      'ElumTools AB12C… expires in 3 days (2026-12-01).',
      'ElumTools AB12C… has no activations available: delete unused activations or buy more licenses to activate more computers with this code.',
      'ElumTools AB12C… was declined 5 times since the last reset: more licenses may be needed.',
    ]);
  });
});

describe('matchProduct', () => {
  const names = ['AGi32', 'Toolbox', 'Toolbox Pro', 'Photometric Power Tools', 'ElumTools', 'Licaso'];

  it('matches case-insensitively and by unique prefix', () => {
    expect(matchProduct('elum', names)).toEqual({ kind: 'exact', name: 'ElumTools' });
    expect(matchProduct('  AGI32 ', names)).toEqual({ kind: 'exact', name: 'AGi32' });
    expect(matchProduct('toolbox', names)).toEqual({ kind: 'exact', name: 'Toolbox' });
  });

  it('lists the candidates and every choice otherwise', () => {
    expect(matchProduct('tool', names)).toEqual({
      kind: 'ambiguous',
      candidates: ['Toolbox', 'Toolbox Pro'],
      choices: names,
    });
    expect(matchProduct('autocad', names)).toEqual({ kind: 'unknown', choices: names });
  });
});

describe('compareVersions', () => {
  it('compares segment by segment as numbers, not strings', () => {
    expect(compareVersions('20.10', '20.9')).toBe(1);
    expect(compareVersions('2.0', '10.0')).toBe(-1);
    expect(compareVersions('20.3', '20.3.0')).toBe(0);
    expect(compareVersions('20.3.1', '20.3')).toBe(1);
    expect(compareVersions('v1.2', '1.2')).toBe(0);
    expect(compareVersions('20.3b1', '20.3')).toBe(-1);
    expect(compareVersions('99999999999999999999.1', '99999999999999999998.9')).toBe(1);
    expect(newestVersion(['19.4', '20.10', '20.9', '3'])).toBe('20.10');
  });
});

describe('flag arithmetic', () => {
  it('measures seat-hour utilization against seats × window hours', () => {
    const window = { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-29T00:00:00Z') };
    // 3 seats × 672 h = 2016 seat-hours; 504 used hours is a quarter.
    expect(seatHourUtilization(504 * 3600, 3, window)).toBe(0.25);
    expect(seatHourUtilization(100, 0, window)).toBe(0);
  });

  it('suggests at least one extra seat', () => {
    expect(suggestedExtraSeats(0)).toBe(1);
    expect(suggestedExtraSeats(3)).toBe(3);
  });
});

describe('peakConcurrency', () => {
  it('does not overlap intervals that touch end to start', () => {
    expect(peakConcurrency([0, 10], [10, 20])).toEqual({ peak: 1, peakAt: 0, busyMs: 20 });
  });

  it('counts overlapping and nested intervals, and reports the first peak', () => {
    // [0,10) [5,15) [6,8) → 3 open at 6; [20,30) [25,26) → 2 later.
    expect(peakConcurrency([0, 5, 6, 20, 25], [10, 15, 8, 30, 26])).toEqual({
      peak: 3,
      peakAt: 6,
      busyMs: 10 + 10 + 2 + 10 + 1,
    });
  });

  it('counts identical intervals each, ignores empty ones, and handles none', () => {
    expect(peakConcurrency([1, 1, 1], [2, 2, 2])).toEqual({ peak: 3, peakAt: 1, busyMs: 3 });
    expect(peakConcurrency([5, 7], [5, 6])).toEqual({ peak: 0, peakAt: null, busyMs: 0 });
    expect(peakConcurrency([], [])).toEqual({ peak: 0, peakAt: null, busyMs: 0 });
  });

  it('is exact for millisecond timestamps out of order', () => {
    const t = Date.parse('2026-11-10T10:00:00Z');
    const h = 3_600_000;
    expect(peakConcurrency([t + 2 * h, t, t + h], [t + 3 * h, t + 2 * h, t + 2.5 * h])).toEqual({
      peak: 2,
      peakAt: t + h,
      busyMs: 1 * h + 2 * h + 1.5 * h,
    });
  });
});
