import { describe, expect, it } from 'vitest';
import { seatDemand, seatsCovering } from '../../src/domain/seat-demand.js';

const H = 3_600_000;

describe('seatDemand', () => {
  it('steps through the seats in use and measures the time at each level', () => {
    // Hours 0–10: one session 0–10, a second 2–4, a third 3–4 and 4–5 back to back.
    const d = seatDemand([0, 2 * H, 3 * H, 4 * H], [10 * H, 4 * H, 4 * H, 5 * H], 0, 10 * H);
    expect(d.steps).toEqual([
      { at: 0, inUse: 1 },
      { at: 2 * H, inUse: 2 },
      { at: 3 * H, inUse: 3 },
      { at: 4 * H, inUse: 2 },
      { at: 5 * H, inUse: 1 },
    ]);
    expect(d.msAt).toEqual([0, 7 * H, 2 * H, 1 * H]);
    expect(d.peak).toBe(3);
    // Demand 7·1 + 2·2 + 1·3 = 14 seat-hours; 2 seats serve 7 + 4 + 2 = 13 (93%), 3 serve all.
    expect(d.seats95).toBe(3);
  });

  it('finds the seats that cover 95% of the seat-time asked for', () => {
    // 100 h at 1 seat, 1 h at 4 seats: demand 104; 1 seat serves 101 (97%).
    expect(seatsCovering([0, 100 * H, 0, 0, 1 * H], 0.95)).toBe(1);
    expect(seatsCovering([10 * H], 0.95)).toBe(0);
  });

  it('clips sessions to the window and counts idle time at zero', () => {
    const d = seatDemand([-5 * H], [1 * H], 0, 4 * H);
    expect(d.steps).toEqual([
      { at: 0, inUse: 1 },
      { at: 1 * H, inUse: 0 },
    ]);
    expect(d.msAt).toEqual([3 * H, 1 * H]);
  });
});
