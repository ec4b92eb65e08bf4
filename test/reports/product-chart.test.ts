import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { dailyUsage } from '../../src/domain/daily-usage.js';
import { PRODUCT_CHART, productChart } from '../../src/reports/charts/product-chart.js';
import { inkIn } from '../helpers/png-ink.js';

/**
 * A week of ElumTools: sessions 12, 30, 41, 25, 18, 0, 3 on 2026-11-23 … 2026-11-29 (129 in
 * all, the most on Wednesday); denials 4 on Wednesday and 1 on Thursday (5 on 2 days).
 */
const usage = dailyUsage('2026-11-23', '2026-11-29', [
  { day: '2026-11-23', sessions: 12 },
  { day: '2026-11-24', sessions: 30 },
  { day: '2026-11-25', sessions: 41 },
  { day: '2026-11-26', sessions: 25 },
  { day: '2026-11-27', sessions: 18 },
  { day: '2026-11-29', sessions: 3 },
  { day: '2026-11-25', denials: 4 },
  { day: '2026-11-26', denials: 1 },
  // Outside the period: left out.
  { day: '2026-11-30', sessions: 99, denials: 9 },
]);

const isRed = (r: number, g: number, b: number) => Math.abs(r - 214) < 30 && g < 80 && b < 80;

describe('product chart: sessions per day with denials marked', () => {
  const chart = productChart({ label: 'ElumTools', usage, period: '2026-11-23 – 2026-11-29' }, 'sessions.png');

  it('spreads the counts over every day of the period and states the key numbers', () => {
    expect(usage.days).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
      '2026-11-28',
      '2026-11-29',
    ]);
    expect(usage.sessions).toEqual([12, 30, 41, 25, 18, 0, 3]);
    expect(usage.denials).toEqual([0, 0, 4, 1, 0, 0, 0]);
    expect(chart.alt).toBe(
      'ElumTools, 2026-11-23 – 2026-11-29: 129 sessions, most on 2026-11-25 (41); 5 denials on 2 days, most on 2026-11-25 (4).',
    );
  });

  it('is a PNG of the stated size with bars, and red denial markers over exactly the days with denials', () => {
    mkdirSync('review', { recursive: true });
    writeFileSync('review/product-chart.png', chart.png);
    const png = PNG.sync.read(chart.png);
    expect([png.width, png.height]).toEqual([PRODUCT_CHART.width, PRODUCT_CHART.height]);
    // The plot spans x 50 … width−20 in 7 equal slots; below the legend (y > 50).
    const slot = (png.width - 70) / 7;
    const redBySlot = new Array<number>(7).fill(0);
    let ink = 0;
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if (r < 245 || g < 245 || b < 245) ink += 1;
        const k = Math.floor((x - 50) / slot);
        if (y > 50 && k >= 0 && k < 7 && isRed(r, g, b)) redBySlot[k]! += 1;
      }
    }
    const share = ink / (png.width * png.height);
    expect(share).toBeGreaterThan(0.05);
    expect(share).toBeLessThan(0.6);
    expect(redBySlot.map((n) => n > 20)).toEqual([false, false, true, true, false, false, false]);
  });

  it('says so when nobody was denied', () => {
    const calm = dailyUsage('2026-11-23', '2026-11-24', [{ day: '2026-11-23', sessions: 2 }]);
    expect(productChart({ label: 'AGi32', usage: calm, period: 'p' }, 'a.png').alt).toBe(
      'AGi32, p: 2 sessions, most on 2026-11-23 (2); no denials.',
    );
  });

  it('keeps its title inside the picture, however long the product name', () => {
    const name = `ElumTools ${'Enterprise Lighting Suite '.repeat(8)}`.trim();
    const long = productChart({ label: name, usage, period: '2026-11-23 – 2026-11-29' }, 'long.png');
    const title = { x0: 0, y0: 0, x1: PRODUCT_CHART.width, y1: 26 };
    expect(inkIn(long.png, title)).toBeGreaterThan(500);
    expect(inkIn(long.png, { ...title, x0: PRODUCT_CHART.width - 8 })).toBe(0);
    expect(long.alt.startsWith(name)).toBe(true);
  });
});
