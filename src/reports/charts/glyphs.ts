import { existsSync, readFileSync } from 'node:fs';
import opentype, { type Font, type PathCommand } from 'opentype.js';

/** Debian's fonts-dejavu-core (in the Docker image too). */
const FONT_FILE = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

let font: Font | null | undefined;

/**
 * The chart font, parsed once per process; null when the machine does not have it. Text is
 * laid out here as paths because resvg, given <text>, reads the font file again for every
 * text element it shapes: 40 labels cost it 30–50 ms a chart, the paths well under one.
 * lowMemory: glyphs are read when first used (a few dozen), not all 6,000 up front (25 MB).
 */
export function chartFont(): Font | null {
  if (font === undefined) {
    if (existsSync(FONT_FILE)) {
      const bytes = readFileSync(FONT_FILE);
      font = opentype.parse(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, {
        lowMemory: true,
      });
    } else font = null;
  }
  return font;
}

const num = (v: number | undefined) => String(Math.round((v ?? 0) * 10) / 10);

/**
 * SVG path data of a glyph's outline, one decimal, every number space-separated
 * (opentype.js's own toPathData runs some numbers together: `1.3` and `0` as `1.30`).
 */
function pathData(commands: readonly PathCommand[]): string {
  return commands
    .map((c) => {
      if (c.type === 'Z') return 'Z';
      if (c.type === 'Q') return `Q${num(c.x1)} ${num(c.y1)} ${num(c.x)} ${num(c.y)}`;
      if (c.type === 'C') return `C${num(c.x1)} ${num(c.y1)} ${num(c.x2)} ${num(c.y2)} ${num(c.x)} ${num(c.y)}`;
      return `${c.type}${num(c.x)} ${num(c.y)}`;
    })
    .join('');
}

/** Laid-out lines by size and text: axis labels repeat on every chart. */
const laidOut = new Map<string, { d: string; width: number }>();
const MAX_LAID_OUT = 5000;

/**
 * One line of text as an SVG path starting at (0, 0) on its baseline, and its width; or
 * undefined without the font. Glyph by glyph with the font's kerning: chart labels need no
 * shaping (and opentype.js's shaper trips over DejaVu's composition tables).
 */
export function textOutline(content: string, size: number): { d: string; width: number } | undefined {
  const f = chartFont();
  if (!f) return undefined;
  const key = `${size}|${content}`;
  const known = laidOut.get(key);
  if (known) return known;
  const scale = size / f.unitsPerEm;
  const glyphs = [...content].map((c) => f.charToGlyph(c));
  let pen = 0;
  let d = '';
  for (const [i, g] of glyphs.entries()) {
    d += pathData(g.getPath(pen, 0, size).commands);
    const next = glyphs[i + 1];
    pen += ((g.advanceWidth ?? 0) + (next ? f.getKerningValue(g, next) : 0)) * scale;
  }
  if (laidOut.size >= MAX_LAID_OUT) laidOut.clear();
  const outline = { d, width: pen };
  laidOut.set(key, outline);
  return outline;
}
