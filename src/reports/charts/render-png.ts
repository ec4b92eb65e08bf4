import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

/** A chart as people get it: the PNG, its size, and alt text that states its key numbers. */
export interface ChartImage {
  name: string;
  png: Buffer;
  width: number;
  height: number;
  alt: string;
}

export const CHART_FONT = 'DejaVu Sans';
/**
 * Parsing every system font for each chart costs more than drawing it: one known file when
 * the machine has it (Debian's fonts-dejavu-core, in the Docker image too), else the system's.
 */
const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'].filter((f) => existsSync(f));
const FONT = FONT_FILES.length
  ? { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT }
  : { loadSystemFonts: true, defaultFontFamily: CHART_FONT };

/**
 * ECharts' server-side SVG renderer (no DOM, no browser), then resvg (a prebuilt binary in
 * its npm package) to PNG. Animation is off: the SVG is the final frame.
 */
export function renderChart(option: echarts.EChartsOption, width: number, height: number): Buffer {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT }, ...option });
    const svg = chart.renderToSVGString();
    const resvg = new Resvg(svg, {
      background: '#ffffff',
      font: FONT,
    });
    return resvg.render().asPng();
  } finally {
    chart.dispose();
  }
}
