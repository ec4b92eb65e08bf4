import type { SeatDemand } from '../../domain/seat-demand.js';
import { type ChartImage, renderChart } from './render-png.js';

export const POOL_CHART = { width: 900, height: 360 } as const;
export const SEATS_COLOR = '#d62728';
const LINE_COLOR = '#1f77b4';
const P95_COLOR = '#2ca02c';

export interface PoolChartInput {
  /** `ElumTools MUL AB12C…` */
  label: string;
  seats: number;
  demand: SeatDemand;
  /** How the period is written in the title, e.g. `2026-11-23 – 2026-11-29`. */
  period: string;
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

/**
 * One pool: concurrent sessions over the period as a step line against its seats (left) and
 * the hours spent at each number of seats in use, with the 95% figure (right).
 */
export function poolChart(p: PoolChartInput, name: string): ChartImage {
  const { demand, seats } = p;
  const line = stepEnvelope(demand);
  const levels = Math.max(seats, demand.peak) + 1;
  const hours = Array.from({ length: levels }, (_, k) => Math.round(((demand.msAt[k] ?? 0) / 3_600_000) * 10) / 10);
  const png = renderChart(
    {
      title: { text: poolChartAlt(p), left: 10, top: 6, textStyle: { fontSize: 13, fontWeight: 'normal' } },
      grid: [
        { left: 45, right: '36%', top: 50, bottom: 40 },
        { left: '70%', right: 20, top: 50, bottom: 40 },
      ],
      xAxis: [
        { type: 'time', gridIndex: 0, min: demand.from, max: demand.to, axisLabel: { fontSize: 10 } },
        {
          type: 'category',
          gridIndex: 1,
          data: hours.map((_, k) => String(k)),
          name: 'seats in use',
          nameLocation: 'middle',
          nameGap: 24,
        },
      ],
      yAxis: [
        { type: 'value', gridIndex: 0, minInterval: 1, max: Math.max(seats, demand.peak) + 1, name: 'sessions' },
        { type: 'value', gridIndex: 1, name: 'hours' },
      ],
      series: [
        {
          type: 'line',
          step: 'end',
          symbol: 'none',
          data: line,
          lineStyle: { color: LINE_COLOR, width: 1.5 },
          areaStyle: { color: LINE_COLOR, opacity: 0.15 },
          markLine: {
            symbol: 'none',
            silent: true,
            data: [
              {
                yAxis: seats,
                lineStyle: { color: SEATS_COLOR, width: 2, type: 'solid' },
                label: { formatter: `${seats} seats`, color: SEATS_COLOR, position: 'insideEndTop' },
              },
              {
                yAxis: demand.seats95,
                lineStyle: { color: P95_COLOR, type: 'dashed' },
                label: { formatter: '95%', color: P95_COLOR, position: 'insideEndTop' },
              },
            ],
          },
        },
        {
          type: 'bar',
          xAxisIndex: 1,
          yAxisIndex: 1,
          data: hours.map((h, k) => ({
            value: h,
            itemStyle: { color: k > seats ? SEATS_COLOR : k <= demand.seats95 ? P95_COLOR : LINE_COLOR },
          })),
        },
      ],
    },
    POOL_CHART.width,
    POOL_CHART.height,
  );
  return { name, png, ...POOL_CHART, alt: poolChartAlt(p) };
}
