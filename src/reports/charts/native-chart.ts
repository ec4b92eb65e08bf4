import type { DailyUsage } from '../../domain/daily-usage.js';
import type { SeatDemand } from '../../domain/seat-demand.js';
import { hoursAtLevels } from './pool-chart.js';

/**
 * A chart's data over categories, for a platform that draws charts itself (Slack's
 * data_visualization block). Each platform decides whether it fits its limits.
 */
export interface NativeChart {
  kind: 'bar' | 'line' | 'area';
  title: string;
  categories: string[];
  series: { name: string; values: number[] }[];
  xLabel?: string;
  yLabel?: string;
  /** Whether it shows all the PNG does: where it is drawn, the PNG can be left out. */
  complete: boolean;
}

/** Sessions and denials per day as grouped bars: all of the product chart. */
export function productNativeChart(label: string, usage: DailyUsage): NativeChart {
  return {
    kind: 'bar',
    title: `${label}: sessions per day`,
    categories: usage.days.map((d) => d.slice(5)),
    series: [
      { name: 'Sessions', values: usage.sessions },
      { name: 'Denials', values: usage.denials },
    ],
    xLabel: 'day',
    yLabel: 'count',
    complete: true,
  };
}

/** The hours at each number of seats in use: the right half of the pool chart (the step line stays a picture). */
export function poolHistogramNative(label: string, seats: number, demand: SeatDemand): NativeChart {
  const hours = hoursAtLevels(demand, seats);
  return {
    kind: 'bar',
    title: `${label}: hours at each seat count`,
    categories: hours.map((_, k) => String(k)),
    series: [{ name: 'Hours', values: hours }],
    xLabel: 'seats in use',
    yLabel: 'hours',
    complete: false,
  };
}
