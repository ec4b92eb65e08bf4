/**
 * How many seats of a MUL pool were in use over time, from its sessions clipped to a window
 * (epoch ms, each [start, end)). Pure, so the chart and its key numbers come from one place.
 */
export interface SeatDemand {
  from: number;
  to: number;
  /** Change points of the step line: from `at` on, `inUse` seats were taken. Starts at `from`. */
  steps: { at: number; inUse: number }[];
  /** `msAt[k]`: how long exactly k seats were in use. */
  msAt: number[];
  peak: number;
  /**
   * The fewest seats that would have served 95% of the seat-time asked for (demand above
   * them would have been declined). 0 when nobody used the pool.
   */
  seats95: number;
}

export const DEMAND_SHARE = 0.95;

export function seatDemand(starts: readonly number[], ends: readonly number[], from: number, to: number): SeatDemand {
  // Each change as one number, 2·at plus 1 for a start: sorting them puts an end before a
  // start at the same instant (back-to-back sessions do not overlap), and a typed array
  // sorts a week of a busy pool without an object per session.
  const keys = new Float64Array(2 * starts.length);
  let count = 0;
  for (let i = 0; i < starts.length; i++) {
    // Whole milliseconds, so a key's parity is its kind (timestamps may carry microseconds).
    const a = Math.round(Math.max(starts[i]!, from));
    const b = Math.round(Math.min(ends[i]!, to));
    if (b > a) {
      keys[count++] = 2 * a + 1;
      keys[count++] = 2 * b;
    }
  }
  const points = keys.subarray(0, count).sort();
  const steps = [{ at: from, inUse: 0 }];
  const msAt: number[] = [0];
  let open = 0;
  let last = from;
  for (const key of points) {
    const at = Math.floor(key / 2);
    msAt[open] = (msAt[open] ?? 0) + (at - last);
    open += key % 2 === 1 ? 1 : -1;
    last = at;
    const prev = steps[steps.length - 1]!;
    if (prev.at === at) prev.inUse = open;
    else steps.push({ at, inUse: open });
  }
  msAt[open] = (msAt[open] ?? 0) + (to - last);
  const filled = Array.from({ length: msAt.length }, (_, k) => msAt[k] ?? 0);
  return {
    from,
    to,
    steps: steps.filter((s) => s.at < to),
    msAt: filled,
    peak: filled.length - 1,
    seats95: seatsCovering(filled, DEMAND_SHARE),
  };
}

/** The smallest k with Σ min(level, k)·time ≥ share · Σ level·time. */
export function seatsCovering(msAt: readonly number[], share: number): number {
  const demand = msAt.reduce((n, ms, level) => n + level * ms, 0);
  if (demand === 0) return 0;
  for (let k = 1; k < msAt.length; k++) {
    const served = msAt.reduce((n, ms, level) => n + Math.min(level, k) * ms, 0);
    if (served >= share * demand - 1e-9) return k;
  }
  return msAt.length - 1;
}
