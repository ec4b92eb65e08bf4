import { existsSync } from 'node:fs';
import { Resvg } from '@resvg/resvg-js';
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
 * Parsing every system font for each chart costs more than drawing it: one known file when
 * the machine has it (Debian's fonts-dejavu-core, in the Docker image too), else the system's.
 */
const FONT_FILES = ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'].filter((f) => existsSync(f));
const FONT = FONT_FILES.length
  ? { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }
  : { loadSystemFonts: true, defaultFontFamily: FONT_FAMILY };

/** resvg (a prebuilt binary in its npm package: no browser, no native build) from SVG to PNG. */
export function renderPng(svg: string): Buffer {
  return new Resvg(svg, { background: '#ffffff', font: FONT }).render().asPng();
}
