import { median, round } from '../bench-helpers.js';
import type { Sample } from './run-load.js';

/** Least-squares slope of y over x. */
function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.x - mx) * (p.y - my);
    den += (p.x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

/**
 * Memory growth of one process after warm-up: the RSS samples from `fromS` to `toS`, their
 * linear trend (MiB per minute, and over the whole span), and the medians of the first and
 * the last minute of the span. "Flat" when the upward trend over the span is under 5% of
 * the first minute's median and under 20 MiB: the noise of a garbage-collected heap, not a
 * leak (a heap that shrinks after warm-up is flat too).
 */
export function memoryGrowth(samples: Sample[], fromS: number, toS: number) {
  const span = samples.filter((s) => s.t >= fromS && s.t <= toS);
  const minutes = (toS - fromS) / 60;
  const perMinute = slope(span.map((s) => ({ x: s.t / 60, y: s.rssMb })));
  const firstMinute = median(span.filter((s) => s.t < fromS + 60).map((s) => s.rssMb));
  const lastMinute = median(span.filter((s) => s.t > toS - 60).map((s) => s.rssMb));
  const trendMb = perMinute * minutes;
  return {
    samples: span.length,
    slopeMbPerMinute: round(perMinute, 3),
    trendOverSpanMb: round(trendMb, 1),
    firstMinuteMedianMb: round(firstMinute),
    lastMinuteMedianMb: round(lastMinute),
    lastMinusFirstMb: round(lastMinute - firstMinute),
    flat: trendMb < Math.min(20, 0.05 * firstMinute),
  };
}
