import { constants, PerformanceObserver } from 'node:perf_hooks';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { renderPng } from '../../src/reports/charts/render-png.js';

const svg =
  '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><rect x="5" y="5" width="30" height="10" fill="#d62728"/></svg>';

/** How many minor collections (scavenges) V8 ran while `run` ran. */
async function minorCollectionsDuring(run: () => void): Promise<number> {
  let minor = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if ((entry as unknown as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
        minor++;
  });
  observer.observe({ entryTypes: ['gc'] });
  run();
  // GC entries reach observers after the turn that ran the collection.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  return minor;
}

describe('renderPng', () => {
  it('draws the SVG as a PNG of its size', () => {
    const png = PNG.sync.read(renderPng(svg));
    expect([png.width, png.height]).toEqual([40, 20]);
    const red = (x: number, y: number) => [...png.data.subarray((y * 40 + x) * 4, (y * 40 + x) * 4 + 3)];
    expect(red(20, 10)).toEqual([0xd6, 0x27, 0x28]);
    expect(red(1, 1)).toEqual([255, 255, 255]);
  });

  // resvg's pixels live in native memory V8 does not count: they go when the young garbage
  // that holds them is collected, which renderPng does before it returns.
  it('collects the young garbage of each chart before it returns, so no chart keeps its native memory', async () => {
    renderPng(svg); // the first render loads resvg and the collector
    const threeCharts = () => {
      for (let i = 0; i < 3; i++) renderPng(svg);
    };
    expect(await minorCollectionsDuring(threeCharts)).toBeGreaterThanOrEqual(3);
  });
});
