import { Resvg } from '@resvg/resvg-js';
import { collectRenderMemory } from './collect-render-memory.js';
import { chartFont } from './glyphs.js';
import { FONT_FAMILY } from './svg.js';

/** A chart as people get it: the PNG, its size, and alt text that states its key numbers. */
export interface ChartImage {
  name: string;
  png: Buffer;
  width: number;
  height: number;
  alt: string;
}

/**
 * With the chart font at hand every label is already a path (glyphs.ts), so resvg needs no
 * font at all: giving it the file anyway had it parse its 750 KB again for every chart,
 * native memory that stays until V8 happens to collect the wrapper. Without the font file,
 * labels are SVG text, drawn with the system's fonts.
 */
const resvgFont = () =>
  chartFont() ? { loadSystemFonts: false } : { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY };

/** resvg (a prebuilt binary in its npm package: no browser, no native build) from SVG to PNG. */
export function renderPng(svg: string): Buffer {
  const png = new Resvg(svg, { background: '#ffffff', font: resvgFont() }).render().asPng();
  collectRenderMemory();
  return png;
}
