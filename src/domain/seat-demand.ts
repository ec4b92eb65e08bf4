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
  const points: [number, number][] = [];
  for (let i = 0; i < starts.length; i++) {
    const a = Math.max(starts[i]!, from);
    const b = Math.min(ends[i]!, to);
    if (b > a) points.push([a, 1], [b, -1]);
  }
  // Ends before starts at one instant: back-to-back sessions do not overlap.
  points.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const steps = [{ at: from, inUse: 0 }];
  const msAt: number[] = [0];
  let open = 0;
  let last = from;
  for (const [at, delta] of points) {
    msAt[open] = (msAt[open] ?? 0) + (at - last);
    open += delta;
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
