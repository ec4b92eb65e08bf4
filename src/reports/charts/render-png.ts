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
      font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT },
    });
    return resvg.render().asPng();
  } finally {
    chart.dispose();
  }
}
