import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { seatDemand } from '../../src/domain/seat-demand.js';
import { POOL_CHART, poolChart } from '../../src/reports/charts/pool-chart.js';
import { inkIn } from '../helpers/png-ink.js';

const H = 3_600_000;
const from = Date.UTC(2026, 10, 23);
const to = from + 7 * 24 * H;

/**
 * A week of a 5-seat pool: every weekday 08:00–17:00 three people, 10:00–12:00 a fourth,
 * and on Wednesday 13:00–14:00 three more (six at once). Peak 6; demand 29 seat-hours a
 * weekday, 32 on Wednesday: 148. Four seats serve 29·4 + 30 = 146 (98.6%); three serve
 * 27·5 = 135 (91.2%): 95% of the demand needs 4 seats.
 */
function week() {
  const starts: number[] = [];
  const ends: number[] = [];
  const add = (a: number, b: number) => {
    starts.push(a);
    ends.push(b);
  };
  for (let day = 0; day < 5; day++) {
    const base = from + day * 24 * H;
    for (let p = 0; p < 3; p++) add(base + 8 * H, base + 17 * H);
    add(base + 10 * H, base + 12 * H);
    if (day === 2) for (let p = 0; p < 3; p++) add(base + 13 * H, base + 14 * H);
  }
  return seatDemand(starts, ends, from, to);
}

describe('pool chart', () => {
  const demand = week();
  const chart = poolChart(
    { label: 'ElumTools MUL ELUMA…', seats: 5, demand, period: '2026-11-23 – 2026-11-29' },
    'pool.png',
  );

  it('knows the key numbers of the hand-built week', () => {
    expect(demand.peak).toBe(6);
    expect(demand.seats95).toBe(4);
    expect(chart.alt).toBe(
      'ElumTools MUL ELUMA…, 2026-11-23 – 2026-11-29: peak 6 of 5 seats in use; 4 seats would have covered 95% of the demand.',
    );
  });

  it('is a PNG of the stated size with a drawing on it and the seats line across the step chart', () => {
    mkdirSync('review', { recursive: true });
    writeFileSync('review/pool-chart.png', chart.png);
    const png = PNG.sync.read(chart.png);
    expect([png.width, png.height]).toEqual([POOL_CHART.width, POOL_CHART.height]);
    let ink = 0;
    const redByRow = new Map<number, number>();
    for (let y = 0; y < png.height; y++) {
      for (let x = 0; x < png.width; x++) {
        const i = (y * png.width + x) * 4;
        const [r, g, b] = [png.data[i]!, png.data[i + 1]!, png.data[i + 2]!];
        if (r < 245 || g < 245 || b < 245) ink += 1;
        // The seats line: #d62728.
        if (Math.abs(r - 214) < 25 && Math.abs(g - 39) < 30 && Math.abs(b - 40) < 30)
          redByRow.set(y, (redByRow.get(y) ?? 0) + 1);
      }
    }
    const share = ink / (png.width * png.height);
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.6);
    // One row carries a red line across most of the step chart (about 60% of the width).
    expect(Math.max(...redByRow.values())).toBeGreaterThan(png.width * 0.4);
  });

  // The title is the alt text; a long one ran off the right edge ("…95% of the der").
  it('keeps its title inside the picture, however long the label', () => {
    const title = { x0: 0, y0: 0, x1: POOL_CHART.width, y1: 28 };
    const margin = { ...title, x0: POOL_CHART.width - 8 };
    expect(inkIn(chart.png, title)).toBeGreaterThan(500);
    expect(inkIn(chart.png, margin)).toBe(0);
    const label = `ElumTools ${'Enterprise Floating '.repeat(10)}MUL ELUMA…`;
    const long = poolChart({ label, seats: 5, demand, period: '2026-11-23 – 2026-11-29' }, 'long.png');
    expect(inkIn(long.png, title)).toBeGreaterThan(500);
    expect(inkIn(long.png, margin)).toBe(0);
    expect(long.alt).toContain(label); // the whole label stays in the alt text
  });
});
