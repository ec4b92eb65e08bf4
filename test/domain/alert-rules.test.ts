import { describe, expect, it } from 'vitest';
import { decideDenialAlert, EXPIRY_STAGES, expiryRule, expiryStage } from '../../src/domain/alert-rules.js';

const HOUR = 3600_000;
const firedAt = new Date('2026-11-28T12:00:00Z');
const sinceFired = (ms: number) => new Date(firedAt.getTime() + ms);
const last = { lastFiredAt: firedAt, lastValue: 6 };

describe('decideDenialAlert', () => {
  it('fires the first time', () => {
    expect(decideDenialAlert(undefined, 5, firedAt)).toEqual({ fire: true, because: 'first' });
  });

  it('stays quiet within 24 hours and repeats from exactly 24 hours on', () => {
    expect(decideDenialAlert(last, 6, sinceFired(0))).toEqual({ fire: false, because: 'alerted_recently' });
    expect(decideDenialAlert(last, 11, sinceFired(24 * HOUR - 1))).toEqual({
      fire: false,
      because: 'alerted_recently',
    });
    expect(decideDenialAlert(last, 6, sinceFired(24 * HOUR))).toEqual({ fire: true, because: 'repeat_after_24h' });
    // A lower count a day later is still above the threshold (the caller checked that): repeat.
    expect(decideDenialAlert(last, 5, sinceFired(30 * HOUR))).toEqual({ fire: true, because: 'repeat_after_24h' });
  });

  it('fires within 24 hours once the count has at least doubled', () => {
    expect(decideDenialAlert(last, 11, sinceFired(HOUR))).toEqual({ fire: false, because: 'alerted_recently' });
    expect(decideDenialAlert(last, 12, sinceFired(HOUR))).toEqual({ fire: true, because: 'doubled' });
    expect(decideDenialAlert(last, 13, sinceFired(0))).toEqual({ fire: true, because: 'doubled' });
    expect(decideDenialAlert({ lastFiredAt: firedAt, lastValue: 5 }, 10, sinceFired(1))).toEqual({
      fire: true,
      because: 'doubled',
    });
  });

  it('treats a last alert stamped after now (a late job for an earlier slot) as recent', () => {
    expect(decideDenialAlert(last, 7, sinceFired(-15 * 60_000))).toEqual({ fire: false, because: 'alerted_recently' });
  });
});

describe('expiryStage', () => {
  it('picks the smallest stage not below the days left, none before 30 days or after the day', () => {
    const cases: [number, number | undefined][] = [
      [31, undefined],
      [30, 30],
      [29, 30],
      [8, 30],
      [7, 7],
      [5, 7],
      [2, 7],
      [1, 1],
      [0, 0],
      [-1, undefined],
    ];
    for (const [days, stage] of cases) expect([days, expiryStage(days)]).toEqual([days, stage]);
  });

  it('names the rules expiry.30, expiry.7, expiry.1, expiry.0', () => {
    expect(EXPIRY_STAGES.map(expiryRule)).toEqual(['expiry.30', 'expiry.7', 'expiry.1', 'expiry.0']);
  });
});
