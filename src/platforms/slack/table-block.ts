import type { types } from '@slack/bolt';
import type { ReplyTable } from '../../core/reply.js';

/**
 * Limits of the `table` block (docs.slack.dev, Block Kit → Table block: at most 100 rows of
 * at most 20 cells) and what apps found past them: one table a message, no empty cell text,
 * about 10,000 characters of cell text in all; beyond any of them Slack refuses the whole
 * message with invalid_blocks.
 */
export const TABLE_LIMITS = { rows: 100, cells: 20, chars: 10_000 } as const;

/** Read-side cap of one cell, so one long machine name cannot eat the whole budget. */
const MAX_CELL = 200;
/** Shown instead of an empty cell, which Slack refuses. */
const EMPTY_CELL = '–';
/** Columns people scan by name: wrapped rather than cut off on a narrow screen. */
const WRAPPED = new Set(['Product', 'Email', 'Program', 'Command', 'What it does', 'User']);

export interface NativeTable {
  block: types.TableBlock;
  /** Data rows of the table that did not fit (plus the ones the reply already left out). */
  moreRows: number;
}

function cell(text: string): types.RawTextElement {
  const clean = text.trim() || EMPTY_CELL;
  return { type: 'raw_text', text: clean.length > MAX_CELL ? `${clean.slice(0, MAX_CELL - 1)}…` : clean };
}

/**
 * A reply table as one `table` block (header row first), cut to the top rows that fit the
 * limits; undefined when it cannot be one (no rows, or more columns than a row may hold).
 * Cells are raw_text: Slack shows them as typed, so nothing needs escaping.
 */
export function nativeTable(table: ReplyTable): NativeTable | undefined {
  if (table.rows.length === 0 || table.columns.length > TABLE_LIMITS.cells) return undefined;
  const marked = new Set(table.markedRows ?? []);
  const header = table.columns.map((c) => cell(c.header));
  const rows: types.RawTextElement[][] = [header];
  let chars = header.reduce((n, c) => n + c.text.length, 0);
  for (const [index, row] of table.rows.entries()) {
    const cells = table.columns.map((_, i) => {
      const text = row[i] ?? '';
      return cell(i === 0 && marked.has(index) && table.marker ? `${table.marker} ${text}` : text);
    });
    const size = cells.reduce((n, c) => n + c.text.length, 0);
    if (rows.length >= TABLE_LIMITS.rows || chars + size > TABLE_LIMITS.chars) break;
    rows.push(cells);
    chars += size;
  }
  const column_settings = table.columns.map((c, i) =>
    c.align === 'right' ? { align: 'right' as const } : { is_wrapped: i === 0 || WRAPPED.has(c.header) },
  );
  return {
    block: { type: 'table', rows, column_settings },
    moreRows: table.rows.length - (rows.length - 1) + (table.moreRows ?? 0),
  };
}

/** Every cell's text of a table block, for the limit checks of tests and the renderer. */
export function tableCellChars(block: types.TableBlock): number {
  return block.rows.flat().reduce((n, c) => n + ('text' in c ? String(c.text).length : 0), 0);
}
