import { describe, expect, it } from 'vitest';
import { licenseCounters, type ModeCounts, sumCounters } from '../../src/domain/counters.js';

// 1 full, 2 limited, 3 declined, 4 take, 5 take_denied, 6 checkout: every sum is unique.
const modes: ModeCounts = { full: 1, limited: 2, declined: 3, take: 4, take_denied: 5, checkout: 6 };

describe('licenseCounters (the mapping of docs/numbers.md)', () => {
  it('maps modes to counters on a SUL; checkouts are always 0', () => {
    expect(licenseCounters('SUL', modes)).toEqual({
      full: 1,
      limited: 2 + 3 + 5,
      declined: 3 + 5,
      takes: 4,
      takeDenied: 5,
      checkouts: 0,
    });
  });

  it('maps modes to counters on a MUL; takes and take denied are always 0', () => {
    expect(licenseCounters('MUL', modes)).toEqual({
      full: 1,
      limited: 10,
      declined: 8,
      takes: 0,
      takeDenied: 0,
      checkouts: 6,
    });
  });

  it('gives no counters at all for HWK (n/a, not 0)', () => {
    expect(licenseCounters('HWK', modes)).toBeNull();
  });

  it('adds the imported baseline before zeroing what never applies', () => {
    const baseline = { full: 10, limited: 20, declined: 30, takes: 40, takeDenied: 50, checkouts: 60 };
    expect(licenseCounters('SUL', modes, baseline)).toEqual({
      full: 11,
      limited: 30,
      declined: 38,
      takes: 44,
      takeDenied: 55,
      checkouts: 0,
    });
  });

  it('keeps Limited ≥ Declined ≥ Take Denied', () => {
    const c = licenseCounters('SUL', { full: 0, limited: 0, declined: 0, take: 0, take_denied: 7, checkout: 0 })!;
    expect([c.limited, c.declined, c.takeDenied]).toEqual([7, 7, 7]);
  });

  it('sums per product skipping HWK, and stays n/a when only HWK', () => {
    const a = licenseCounters('SUL', modes);
    const b = licenseCounters('MUL', modes);
    expect(sumCounters([a, null, b])).toEqual({
      full: 2,
      limited: 20,
      declined: 16,
      takes: 4,
      takeDenied: 5,
      checkouts: 6,
    });
    expect(sumCounters([null, null])).toBeNull();
  });
});
