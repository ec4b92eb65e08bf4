import type { SeatDemand } from '../../domain/seat-demand.js';
import { localDate } from '../../domain/time-zone.js';
import { type ChartImage, renderPng } from './render-png.js';
import { fittedText, line, niceStep, Plot, rect, svgDocument, text } from './svg.js';

export const POOL_CHART = { width: 800, height: 320 } as const;
export const SEATS_COLOR = '#d62728';
const LINE_COLOR = '#1f77b4';
const P95_COLOR = '#2ca02c';
const DAY = 86_400_000;

export interface PoolChartInput {
  /** `ElumTools MUL AB12C…` */
  label: string;
  seats: number;
  demand: SeatDemand;
  /** How the period is written in the title, e.g. `2026-11-23 – 2026-11-29`. */
  period: string;
  /** The zone whose dates label the time axis (the account's); UTC when not given. */
  zone?: string;
}

/** Alt text with the key numbers, also the chart's caption where it is posted. */
export function poolChartAlt(p: PoolChartInput): string {
  const { peak, seats95 } = p.demand;
  return `${p.label}, ${p.period}: peak ${peak} of ${p.seats} seats in use; ${seats95} ${seats95 === 1 ? 'seat' : 'seats'} would have covered 95% of the demand.`;
}

/** Columns of the step chart: a week of sessions changes far more often than pixels fit. */
const LINE_BUCKETS = 560;

/**
 * The step line at chart resolution: the most seats in use within each time bucket, so a
 * short peak stays visible (and drawing stays fast whatever the number of sessions).
 */
export function stepEnvelope(demand: SeatDemand, buckets = LINE_BUCKETS): [number, number][] {
  const width = (demand.to - demand.from) / buckets;
  const max = new Array<number>(buckets).fill(0);
  const { steps } = demand;
  for (let i = 0; i < steps.length; i++) {
    const start = steps[i]!.at;
    const end = steps[i + 1]?.at ?? demand.to;
    const first = Math.floor((start - demand.from) / width);
    const last = Math.min(buckets - 1, Math.ceil((end - demand.from) / width) - 1);
    for (let b = Math.max(0, first); b <= last; b++) max[b] = Math.max(max[b]!, steps[i]!.inUse);
  }
  const points: [number, number][] = [];
  max.forEach((v, b) => {
    if (b === 0 || v !== max[b - 1]) points.push([demand.from + b * width, v]);
  });
  points.push([demand.to, max[buckets - 1] ?? 0]);
  return points;
}

/** Hours spent at each number of seats in use, 0 up to the seats or the peak (one decimal). */
export function hoursAtLevels(demand: SeatDemand, seats: number): number[] {
  const levels = Math.max(seats, demand.peak) + 1;
  return Array.from({ length: levels }, (_, k) => Math.round(((demand.msAt[k] ?? 0) / 3_600_000) * 10) / 10);
}

/** The left part: seats in use over time as a step line (and the area under it), the seats and 95% lines. */
function stepPart(p: PoolChartInput, plot: Plot): string[] {
  const { demand, seats } = p;
  const span = demand.to - demand.from;
  const x = (at: number) => plot.left + ((at - demand.from) / span) * plot.width;
  const points = stepEnvelope(demand);
  let path = '';
  for (const [i, [at, v]] of points.entries()) {
    const y = plot.y(v);
    path += i === 0 ? `M${x(at).toFixed(1)} ${y.toFixed(1)}` : `H${x(at).toFixed(1)}V${y.toFixed(1)}`;
  }
  const parts = plot.frame('sessions');
  parts.push(
    `<path d="${path}V${plot.bottom}H${plot.left}Z" fill="${LINE_COLOR}" fill-opacity="0.15"/>`,
    `<path d="${path}" fill="none" stroke="${LINE_COLOR}" stroke-width="1.5"/>`,
  );
  // A tick at each day (or every few days on a long period), labelled with its date.
  const days = Math.max(1, Math.round(span / DAY));
  const every = niceStep(days, 8);
  for (let at = demand.from; at <= demand.to + 1; at += every * DAY) {
    parts.push(line(x(at), plot.bottom, x(at), plot.bottom + 4, '#6e7079'));
    parts.push(text(x(at), plot.bottom + 16, localDate(at, p.zone ?? 'UTC').slice(5), { size: 10, anchor: 'middle' }));
  }
  const seatsY = plot.y(seats);
  parts.push(line(plot.left, seatsY, plot.right, seatsY, SEATS_COLOR, { width: 2 }));
  parts.push(text(plot.right, seatsY - 4, `${seats} seats`, { size: 10, anchor: 'end', color: SEATS_COLOR }));
  const p95Y = plot.y(demand.seats95);
  parts.push(line(plot.left, p95Y, plot.right, p95Y, P95_COLOR, { dash: true }));
  parts.push(text(plot.right - 60, p95Y - 4, '95%', { size: 10, anchor: 'end', color: P95_COLOR }));
  return parts;
}

/** The right part: the hours at each number of seats in use; bars past the seats in red, up to the 95% figure in green. */
function histogramPart(p: PoolChartInput, plot: Plot, hours: number[]): string[] {
  const parts = plot.frame('hours');
  const slot = plot.width / hours.length;
  const labelEvery = Math.ceil(hours.length / 12);
  for (const [k, h] of hours.entries()) {
    const color = k > p.seats ? SEATS_COLOR : k <= p.demand.seats95 ? P95_COLOR : LINE_COLOR;
    const x = plot.left + k * slot;
    parts.push(rect(x + slot * 0.2, plot.y(h), slot * 0.6, plot.bottom - plot.y(h), color));
    if (k % labelEvery === 0)
      parts.push(text(x + slot / 2, plot.bottom + 14, String(k), { size: 10, anchor: 'middle' }));
  }
  parts.push(text((plot.left + plot.right) / 2, plot.bottom + 30, 'seats in use', { size: 11, anchor: 'middle' }));
  return parts;
}

/**
 * One pool: concurrent sessions over the period as a step line against its seats (left) and
 * the hours spent at each number of seats in use, with the 95% figure (right).
 */
export function poolChart(p: PoolChartInput, name: string): ChartImage {
  const { width, height } = POOL_CHART;
  return { name, png: renderPng(poolChartSvg(p)), width, height, alt: poolChartAlt(p) };
}

export function poolChartSvg(p: PoolChartInput): string {
  const { width, height } = POOL_CHART;
  const hours = hoursAtLevels(p.demand, p.seats);
  const alt = poolChartAlt(p);
  const stepPlot = new Plot(45, 50, Math.round(width * 0.64), height - 40, Math.max(p.seats, p.demand.peak) + 1);
  const histPlot = new Plot(Math.round(width * 0.7), 50, width - 20, height - 40, Math.max(...hours, 1), false);
  return svgDocument(width, height, [
    fittedText(10, 20, alt, { size: 13, minSize: 10, maxWidth: width - 20, color: '#333333' }),
    ...stepPart(p, stepPlot),
    ...histogramPart(p, histPlot, hours),
  ]);
}
