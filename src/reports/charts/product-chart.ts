import { busiestDay, type DailyUsage } from '../../domain/daily-usage.js';
import { type ChartImage, renderPng } from './render-png.js';
import { fittedText, marker, niceStep, Plot, rect, svgDocument, text } from './svg.js';

export const PRODUCT_CHART = { width: 800, height: 320 } as const;
export const BAR_COLOR = '#1f77b4';
export const DENIAL_COLOR = '#d62728';

export interface ProductChartInput {
  /** The product's name. */
  label: string;
  usage: DailyUsage;
  /** How the period is written in the title, e.g. `2026-11-21 – 2026-11-28`. */
  period: string;
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

/** Alt text with the key numbers (sessions, the busiest day, denials and their worst day). */
export function productChartAlt(p: ProductChartInput): string {
  const { usage } = p;
  const sessions = sum(usage.sessions);
  const denials = sum(usage.denials);
  const top = busiestDay(usage, usage.sessions);
  const worst = busiestDay(usage, usage.denials);
  const deniedDays = usage.denials.filter((d) => d > 0).length;
  return [
    `${p.label}, ${p.period}: ${plural(sessions, 'session')}`,
    top ? `, most on ${top.day} (${top.count.toLocaleString('en-US')})` : '',
    denials
      ? `; ${plural(denials, 'denial')} on ${plural(deniedDays, 'day')}, most on ${worst?.day} (${worst?.count.toLocaleString('en-US')}).`
      : '; no denials.',
  ].join('');
}

/**
 * Sessions per day as bars; a day with denials gets a red marker over its bar with their
 * number, so a busy day that turned people away stands out.
 */
export function productChartSvg(p: ProductChartInput): string {
  const { width, height } = PRODUCT_CHART;
  const { days, sessions, denials } = p.usage;
  const plot = new Plot(50, 62, width - 20, height - 36, Math.max(1, ...sessions) * 1.15);
  const slot = plot.width / Math.max(1, days.length);
  const labelEvery = niceStep(days.length, 10);
  const parts = [
    fittedText(10, 20, productChartAlt(p), { size: 12, minSize: 10, maxWidth: width - 20, color: '#333333' }),
    rect(width - 200, 32, 10, 10, BAR_COLOR),
    text(width - 186, 41, 'sessions', { size: 10 }),
    marker(width - 105, 43, 5, DENIAL_COLOR),
    text(width - 96, 41, 'denials', { size: 10 }),
    ...plot.frame('sessions'),
  ];
  for (const [i, day] of days.entries()) {
    const x = plot.left + i * slot;
    const top = plot.y(sessions[i] ?? 0);
    parts.push(rect(x + slot * 0.15, top, slot * 0.7, plot.bottom - top, BAR_COLOR));
    if (i % labelEvery === 0)
      parts.push(text(x + slot / 2, plot.bottom + 14, day.slice(5), { size: 10, anchor: 'middle' }));
    const denied = denials[i] ?? 0;
    if (denied > 0) {
      const size = Math.max(3, Math.min(7, slot * 0.3));
      parts.push(marker(x + slot / 2, top - 3, size, DENIAL_COLOR));
      parts.push(
        text(x + slot / 2, top - 6 - 1.6 * size, String(denied), { size: 10, anchor: 'middle', color: DENIAL_COLOR }),
      );
    }
  }
  return svgDocument(width, height, parts);
}

export function productChart(p: ProductChartInput, name: string): ChartImage {
  const { width, height } = PRODUCT_CHART;
  return { name, png: renderPng(productChartSvg(p)), width, height, alt: productChartAlt(p) };
}
