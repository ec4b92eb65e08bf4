/** The most intervals open at once, the first moment that happened, and their total length. */
export interface Concurrency {
  peak: number;
  /** Epoch ms of the first instant the peak was reached; null when there were no intervals. */
  peakAt: number | null;
  /** Sum of the interval lengths, in ms. */
  busyMs: number;
}

/**
 * Exact peak concurrency by a sweep over start and end points (epoch ms; each interval is
 * [start, end)). At equal instants ends come first, so an interval ending exactly when
 * another starts does not overlap it. Empty intervals (end ≤ start) never count.
 */
export function peakConcurrency(starts: readonly number[], ends: readonly number[]): Concurrency {
  const s: number[] = [];
  const e: number[] = [];
  let busyMs = 0;
  for (let i = 0; i < starts.length; i++) {
    const a = starts[i]!;
    const b = ends[i]!;
    if (b > a) {
      s.push(a);
      e.push(b);
      busyMs += b - a;
    }
  }
  const sortedStarts = Float64Array.from(s).sort();
  const sortedEnds = Float64Array.from(e).sort();
  let open = 0;
  let peak = 0;
  let peakAt: number | null = null;
  let j = 0;
  for (const start of sortedStarts) {
    while (j < sortedEnds.length && sortedEnds[j]! <= start) {
      open -= 1;
      j += 1;
    }
    open += 1;
    if (open > peak) {
      peak = open;
      peakAt = start;
    }
  }
  return { peak, peakAt, busyMs };
}
