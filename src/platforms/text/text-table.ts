import type { Table } from '../../reports/table.js';

/** Terminal columns a string takes (code points; good enough for names, emails and `…`). */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n += 1;
  return n;
}

function pad(text: string, size: number, align: 'left' | 'right' = 'left'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** One table as aligned plain text: title, header, rule, rows, then its notes. */
export function renderTextTable(table: Table): string {
  const lines: string[] = [];
  if (table.title) lines.push(table.title);
  if (table.rows.length === 0) {
    lines.push('  (none)');
  } else {
    const widths = table.columns.map((c, i) => Math.max(width(c.header), ...table.rows.map((r) => width(r[i] ?? ''))));
    const line = (cells: string[]) =>
      table.columns
        .map((c, i) => pad(cells[i] ?? '', widths[i]!, c.align))
        .join('  ')
        .trimEnd();
    lines.push(line(table.columns.map((c) => c.header)));
    lines.push(widths.map((w) => '-'.repeat(w)).join('  '));
    for (const row of table.rows) lines.push(line(row));
  }
  for (const note of table.notes) lines.push(`Note: ${note}`);
  return lines.join('\n');
}

/** Several tables, a blank line between them. */
export function renderTextTables(tables: readonly Table[]): string {
  return tables.map(renderTextTable).join('\n\n');
}
