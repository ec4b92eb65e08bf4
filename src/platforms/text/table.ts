import type { Cell, ReplyTable } from '../../core/reply.js';

/** How every renderer shows a cell: `null` is "n/a" (no usage data, e.g. HWK). */
export function cellText(cell: Cell): string {
  if (cell === null) return 'n/a';
  return typeof cell === 'number' ? cell.toLocaleString('en-US') : cell;
}

/**
 * A table as aligned monospace lines: header, rule, rows. Numbers are right-aligned when the
 * column says so. Marked rows get the table's marker in front (🟢 for active sessions).
 */
export function formatTable(table: ReplyTable): string[] {
  const marked = new Set(table.markedRows ?? []);
  const markerWidth = table.marker && marked.size ? 3 : 0;
  const texts = table.rows.map((row) => row.map(cellText));
  const widths = table.columns.map((column, i) =>
    Math.max(column.label.length, ...texts.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        table.columns[i]?.align === 'right' ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const pad = ' '.repeat(markerWidth);
  const lines = [pad + line(table.columns.map((c) => c.label)), pad + widths.map((w) => '-'.repeat(w)).join('  ')];
  texts.forEach((cells, index) => {
    const prefix = marked.has(index) && table.marker ? `${table.marker} ` : pad;
    lines.push(prefix + line(cells));
  });
  return lines;
}
