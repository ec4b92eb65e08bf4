/**
 * The few SVG pieces LicBot's charts are made of (a plot frame with ticks, bars, a step line,
 * level lines, markers, text). The charts are simple enough that writing their SVG costs
 * about a millisecond, where a general charting library spent 35 ms and 100 MB laying out
 * the same picture; resvg still turns the SVG into pixels (render-png.ts).
 */

import { textOutline } from './glyphs.js';

export const FONT_FAMILY = 'DejaVu Sans';
const AXIS = '#6e7079';
const GRID = '#e0e6f1';

/** Text as SVG character data: license labels come from people and clients. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const n = (v: number) => Math.round(v * 10) / 10;

/** A line of text whose baseline starts, is centred or ends at (x, y). */
export function text(
  x: number,
  y: number,
  content: string,
  options: { size?: number; anchor?: 'start' | 'middle' | 'end'; color?: string } = {},
): string {
  const { size = 11, anchor = 'start', color = AXIS } = options;
  const outline = textOutline(content, size);
  if (outline) {
    const start = anchor === 'middle' ? x - outline.width / 2 : anchor === 'end' ? x - outline.width : x;
    return outline.d ? `<path transform="translate(${n(start)} ${n(y)})" d="${outline.d}" fill="${color}"/>` : '';
  }
  // Without the font file: SVG text, which resvg draws with a system font.
  return `<text x="${n(x)}" y="${n(y)}" font-size="${size}" fill="${color}" text-anchor="${anchor}">${escapeXml(content)}</text>`;
}

/** The width a line of text takes: measured with the chart font, else estimated. */
function textWidth(content: string, size: number): number {
  return textOutline(content, size)?.width ?? [...content].length * size * 0.6;
}

/**
 * A line of text that must stay inside `maxWidth` (a chart's title, made of a label people
 * chose and the key numbers): drawn smaller as far as `minSize`, then cut with "…". The
 * whole text is the chart's alt text and caption, so nothing is lost from the message.
 */
export function fittedText(
  x: number,
  y: number,
  content: string,
  options: { size: number; minSize: number; maxWidth: number; color?: string },
): string {
  const { maxWidth, minSize } = options;
  const width = textWidth(content, options.size);
  const size = Math.max(minSize, Math.min(options.size, Math.floor(((options.size * maxWidth) / width) * 10) / 10));
  let fitted = content;
  if (textWidth(fitted, size) > maxWidth) {
    const chars = [...content];
    const cut = (keep: number) => `${chars.slice(0, keep).join('').trimEnd()}…`;
    // The most characters that still fit, by bisection: each try lays the line out again.
    let [fits, tooMany] = [0, chars.length];
    while (tooMany - fits > 1) {
      const mid = Math.floor((fits + tooMany) / 2);
      if (textWidth(cut(mid), size) <= maxWidth) fits = mid;
      else tooMany = mid;
    }
    fitted = cut(fits);
  }
  return text(x, y, fitted, { size, ...(options.color ? { color: options.color } : {}) });
}

export function rect(x: number, y: number, width: number, height: number, fill: string, opacity = 1): string {
  const alpha = opacity < 1 ? ` fill-opacity="${opacity}"` : '';
  return `<rect x="${n(x)}" y="${n(y)}" width="${n(Math.max(0, width))}" height="${n(Math.max(0, height))}" fill="${fill}"${alpha}/>`;
}

export function line(
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  stroke: string,
  options: { width?: number; dash?: boolean } = {},
): string {
  const dash = options.dash ? ' stroke-dasharray="6 4"' : '';
  return `<line x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2)}" y2="${n(y2)}" stroke="${stroke}" stroke-width="${options.width ?? 1}"${dash}/>`;
}

/** A downward triangle whose tip is at (x, y): a marker that points at a bar. */
export function marker(x: number, y: number, size: number, fill: string): string {
  return `<path d="M${n(x)} ${n(y)}L${n(x - size)} ${n(y - 1.6 * size)}L${n(x + size)} ${n(y - 1.6 * size)}Z" fill="${fill}"/>`;
}

/** 1, 2 or 5 times a power of ten: the tick step that puts about `ticks` ticks up to `max`. */
export function niceStep(max: number, ticks = 5, integer = true): number {
  if (max <= 0) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  return integer ? Math.max(1, Math.round(step)) : step;
}

/** A rectangle of the picture that values are drawn into, with its y scale. */
export class Plot {
  readonly yMax: number;
  readonly step: number;

  constructor(
    readonly left: number,
    readonly top: number,
    readonly right: number,
    readonly bottom: number,
    maxValue: number,
    integer = true,
  ) {
    this.step = niceStep(maxValue, 5, integer);
    this.yMax = Math.max(this.step, Math.ceil(maxValue / this.step) * this.step);
  }

  get width(): number {
    return this.right - this.left;
  }

  y(value: number): number {
    return this.bottom - (value / this.yMax) * (this.bottom - this.top);
  }

  /** Grid lines and labels of the y axis, the x axis line, and the axis's name above it. */
  frame(name: string): string[] {
    const parts: string[] = [];
    for (let v = 0; v <= this.yMax + 1e-9; v += this.step) {
      const y = this.y(v);
      parts.push(line(this.left, y, this.right, y, GRID));
      parts.push(text(this.left - 6, y + 4, formatTick(v), { size: 10, anchor: 'end' }));
    }
    parts.push(line(this.left, this.bottom, this.right, this.bottom, AXIS));
    parts.push(text(this.left, this.top - 10, name, { size: 11, anchor: 'middle' }));
    return parts;
  }
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Math.round(v * 10) / 10);
}

export function svgDocument(width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">${rect(0, 0, width, height, '#ffffff')}${parts.join('')}</svg>`;
}
