import type { ReplyTable } from '../../core/reply.js';
import { visibleText } from '../../domain/visible-text.js';
import type { Table } from '../../reports/table.js';

/** Terminal columns a string takes (code points; good enough for names, emails and `…`). */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

/** Columns a marker takes on screen: emoji such as 🟢 are two columns wide. */
function displayWidth(text: string): number {
  let n = 0;
  for (const ch of text) n += (ch.codePointAt(0) ?? 0) >= 0x1f300 ? 2 : 1;
  return n;
}

function pad(text: string, size: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/**
 * The aligned lines of a table: header, rule, rows. Rows listed in `markedRows` get the
 * table's marker in front (🟢 for active sessions); the others are indented to match.
 * Shared by the text renderer and the chat renderers' monospace tables.
 */
export function alignedLines(table: Table & Partial<Pick<ReplyTable, 'marker' | 'markedRows'>>): string[] {
  const widths = table.columns.map((c, i) => Math.max(width(c.header), ...table.rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    table.columns
      .map((c, i) => pad(cells[i] ?? '', widths[i]!, c.align))
      .join('  ')
      .trimEnd();
  const marked = new Set(table.markedRows ?? []);
  const indent = table.marker && marked.size ? ' '.repeat(displayWidth(table.marker) + 1) : '';
  const lines = [
    indent + line(table.columns.map((c) => c.header)),
    indent + widths.map((w) => '-'.repeat(w)).join('  '),
  ];
  table.rows.forEach((row, index) => {
    lines.push((marked.has(index) ? `${table.marker} ` : indent) + line(row));
  });
  return lines;
}

/** The table with every text escaped for a terminal (see visible-text.ts); markers are ours. */
function visibleTable<T extends Table & Partial<ReplyTable>>(table: T): T {
  return {
    ...table,
    title: table.title === undefined ? undefined : visibleText(table.title),
    columns: table.columns.map((c) => ({ ...c, header: visibleText(c.header) })),
    rows: table.rows.map((row) => row.map(visibleText)),
    notes: table.notes.map(visibleText),
  };
}

/**
 * One table as aligned plain text: title, header, rule, rows, then its notes. Client data
 * (product names, machines, versions) is escaped first, so widths count what is shown.
 */
export function renderTextTable(source: Table & Partial<ReplyTable>): string {
  const table = visibleTable(source);
  const lines: string[] = [];
  if (table.title) lines.push(table.title);
  if (table.rows.length === 0) lines.push('  (none)');
  else lines.push(...alignedLines(table));
  if (table.moreRows) lines.push(`… and ${table.moreRows.toLocaleString('en-US')} more rows (use the CSV for all).`);
  for (const note of table.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

/** Several tables, a blank line between them. */
export function renderTextTables(tables: readonly Table[]): string {
  return tables.map(renderTextTable).join('\n\n');
}
