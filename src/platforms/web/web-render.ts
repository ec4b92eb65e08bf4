import type { Reply, ReplyButton, ReplyTable } from '../../core/reply.js';

/** A file of the reply, already stored for download. */
export interface WebFileLink {
  name: string;
  url: string;
}

export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/**
 * The neutral reply text uses Slack-like marks (`*bold*`, `` `code` ``, `<@USER>`): shown
 * here as a chat would. Escaping comes first, so data from license clients stays text.
 */
export function inlineMarkup(text: string): string {
  return escapeHtml(text)
    .replace(/&lt;@([\w-]+)&gt;/g, '<span class="mention">@$1</span>')
    .replace(/`([^`\n]+)`/g, '<code>$1</code>')
    .replace(/(^|[\s(])\*([^*\n]+)\*(?=$|[\s).,:;!?])/g, '$1<strong>$2</strong>')
    .replaceAll('\n', '<br>');
}

function table(t: ReplyTable): string {
  const marked = new Set(t.markedRows ?? []);
  const align = (i: number) => (t.columns[i]?.align === 'right' ? ' class="num"' : '');
  const head = t.columns.map((c, i) => `<th${align(i)}>${escapeHtml(c.header)}</th>`).join('');
  const rows = t.rows
    .map((row, r) => {
      const mark = marked.has(r) && t.marker ? `<span class="marker">${escapeHtml(t.marker)}</span> ` : '';
      const cells = row.map((cell, i) => `<td${align(i)}>${i === 0 ? mark : ''}${escapeHtml(cell)}</td>`).join('');
      return `<tr${marked.has(r) ? ' class="marked"' : ''}>${cells}</tr>`;
    })
    .join('');
  const notes = [
    ...(t.moreRows ? [`…and ${t.moreRows.toLocaleString('en-US')} more rows. Use the CSV for all of them.`] : []),
    ...t.notes,
  ];
  return [
    '<figure class="table">',
    t.title ? `<figcaption>${inlineMarkup(t.title)}</figcaption>` : '',
    t.rows.length ? `<table><thead><tr>${head}</tr></thead><tbody>${rows}</tbody></table>` : '<p>(none)</p>',
    notes.map((n) => `<p class="table-note">${inlineMarkup(n)}</p>`).join(''),
    '</figure>',
  ].join('');
}

function button(b: ReplyButton): string {
  const attrs = [
    `data-action="${escapeHtml(b.actionId)}"`,
    `data-value="${escapeHtml(b.value)}"`,
    b.style ? `class="${b.style}"` : '',
    b.confirm ? `data-confirm="${escapeHtml(`${b.confirm.title}\n\n${b.confirm.text}`)}"` : '',
  ];
  return `<button type="button" ${attrs.filter(Boolean).join(' ')}>${escapeHtml(b.label)}</button>`;
}

/** The one Reply → HTML renderer of the browser chat page. */
export function renderWebReply(reply: Reply, files: WebFileLink[] = []): string {
  const parts: string[] = [];
  if (reply.title) parts.push(`<h3>${inlineMarkup(reply.title)}</h3>`);
  if (reply.text) parts.push(`<p>${inlineMarkup(reply.text)}</p>`);
  for (const t of reply.tables ?? []) parts.push(table(t));
  for (const n of reply.notes ?? [])
    parts.push(`<p class="note ${n.level}">${n.level === 'warning' ? '⚠️' : 'ℹ️'} ${inlineMarkup(n.text)}</p>`);
  if (reply.buttons?.length) parts.push(`<div class="buttons">${reply.buttons.map(button).join('')}</div>`);
  const alts = new Map((reply.charts ?? []).map((c) => [c.file, c.alt]));
  for (const f of files) {
    const alt = alts.get(f.name);
    parts.push(alt === undefined ? fileLink(f) : chart(f, alt));
  }
  return parts.join('\n');
}

function fileLink(f: WebFileLink): string {
  return `<p class="file">📎 <a href="${escapeHtml(f.url)}" download="${escapeHtml(f.name)}">${escapeHtml(f.name)}</a></p>`;
}

/**
 * A chart is shown, as a chat shows an image, with its key numbers as alt text (the picture's
 * title and the reply's text already say them to those who see it), and a link to save it.
 */
function chart(f: WebFileLink, alt: string): string {
  return [
    '<figure class="chart">',
    `<img src="${escapeHtml(f.url)}" alt="${escapeHtml(alt)}">`,
    `<figcaption><a href="${escapeHtml(f.url)}" download="${escapeHtml(f.name)}">${escapeHtml(f.name)}</a></figcaption>`,
    '</figure>',
  ].join('');
}
