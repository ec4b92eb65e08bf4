import { Resvg } from '@resvg/resvg-js';
import { allBlocks, type SlackMessage } from './slack-blocks.js';

const FONT = {
  fontFiles: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  loadSystemFonts: true,
  defaultFontFamily: 'DejaVu Sans',
};
const esc = (t: string) => t.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
/** Slack decodes its own escapes and drops mrkdwn markers when it shows text. */
const shown = (t: string) =>
  t
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/\*([^*\n]+)\*/g, '$1');

/**
 * A screenshot-like PNG of a Slack message at a phone's width (390 px): header, sections,
 * the table block as a grid (numbers right-aligned, wrapped columns cut to their width),
 * context lines. For people reviewing how a reply reads, not a pixel copy of Slack.
 */
export function slackScreenshot(message: SlackMessage, width = 390): Buffer {
  const out: string[] = [];
  let y = 16;
  const text = (x: number, t: string, size: number, opts = '') => {
    out.push(`<text x="${x}" y="${y}" font-size="${size}" ${opts}>${esc(t)}</text>`);
  };
  const line = (x: number, t: string, size: number, opts: string, dy: number) => {
    text(x, t, size, opts);
    y += dy;
  };
  const wrap = (t: string, chars: number) =>
    t.split('\n').flatMap((line) => line.match(new RegExp(`.{1,${chars}}(\\s|$)|.{1,${chars}}`, 'g')) ?? ['']);
  const attachedFrom = message.blocks.length;
  for (const [index, b] of allBlocks(message).entries()) {
    // An attachment's blocks sit beside a grey bar, as Slack draws them.
    if (index >= attachedFrom) out.push(`<rect x="4" y="${y - 14}" width="3" height="20" fill="#dddddd"/>`);
    if (b.type === 'header') {
      y += 8;
      for (const l of wrap(b.text?.text ?? '', 30)) line(12, l, 17, 'font-weight="bold"', 22);
    } else if (b.type === 'section') {
      const raw = b.text?.text ?? '';
      const mono = raw.startsWith('```');
      for (const l of wrap(shown(raw.replace(/^```|```$/g, '')), mono ? 56 : 52))
        line(12, l, mono ? 10 : 12, mono ? 'font-family="DejaVu Sans Mono"' : '', mono ? 13 : 16);
      y += 4;
    } else if (b.type === 'context') {
      for (const e of b.elements ?? [])
        for (const l of wrap(shown(typeof e.text === 'string' ? e.text : ''), 62))
          line(12, l, 10, 'fill="#616061"', 13);
      y += 4;
    } else if (b.type === 'table') {
      const rows = b.rows ?? [];
      const cols = rows[0]?.length ?? 0;
      const colWidth = Math.max(60, Math.floor((width - 24) / Math.min(cols, 4)));
      const visible = Math.min(cols, Math.floor((width - 24) / colWidth));
      for (const [r, row] of rows.entries()) {
        out.push(
          `<rect x="12" y="${y - 12}" width="${width - 24}" height="18" fill="${r === 0 ? '#f4f4f4' : '#ffffff'}" stroke="#dddddd"/>`,
        );
        row.slice(0, visible).forEach((c, i) => {
          const right = b.column_settings?.[i]?.align === 'right';
          const x = 16 + i * colWidth + (right ? colWidth - 10 : 0);
          const t = c.text.length > colWidth / 6.5 ? `${c.text.slice(0, Math.floor(colWidth / 6.5) - 1)}…` : c.text;
          text(x, t, 10, `${right ? 'text-anchor="end"' : ''} ${r === 0 ? 'font-weight="bold"' : ''}`);
        });
        y += 18;
      }
      if (visible < cols)
        line(12, `→ ${cols - visible} more columns: swipe the table sideways`, 9, 'fill="#616061"', 14);
      y += 6;
    } else if (b.type === 'data_visualization') {
      const chart = b.chart as { series: { name: string; data: { value: number }[] }[] };
      line(12, String(b.title ?? ''), 11, 'font-weight="bold"', 8);
      const values = chart.series.map((x) => x.data.map((d) => d.value));
      const max = Math.max(1, ...values.flat());
      const n = values[0]?.length ?? 0;
      const slot = (width - 24) / Math.max(1, n);
      const colors = ['#1f77b4', '#d62728', '#2ca02c'];
      values.forEach((vs, k) => {
        vs.forEach((v, i) => {
          const h = (v / max) * 60;
          const w = slot / (values.length + 1);
          out.push(
            `<rect x="${12 + i * slot + k * w}" y="${y + 60 - h}" width="${w}" height="${h}" fill="${colors[k % 3]}"/>`,
          );
        });
      });
      y += 66;
      line(12, chart.series.map((x) => x.name).join(' · '), 9, 'fill="#616061"', 16);
    } else if (b.type === 'actions') {
      for (const [i, e] of (b.elements ?? []).entries()) {
        const label = typeof e.text === 'string' ? e.text : (e.text?.text ?? '');
        out.push(
          `<rect x="${12 + i * 110}" y="${y - 12}" width="100" height="22" rx="4" fill="#ffffff" stroke="#bbbbbb"/>`,
        );
        text(20 + i * 110, label, 11);
      }
      y += 26;
    }
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y + 8}" font-family="DejaVu Sans"><rect width="100%" height="100%" fill="#ffffff"/>${out.join('')}</svg>`;
  return new Resvg(svg, { background: '#ffffff', font: FONT }).render().asPng();
}
