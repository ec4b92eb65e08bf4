import type { ReplyTable } from '../../core/reply.js';
import { alignedLines } from '../text/text-table.js';
import { contextBlock, escapeText, truncate } from './mrkdwn.js';
import { nativeTable } from './table-block.js';

/** Block Kit: 3,000 characters in a section's text. */
const MAX_SECTION_TEXT = 3000;
/** A code block line wider than this wraps into noise on a phone. */
export const PHONE_WIDTH = 60;

/**
 * `native`: the reply's main table as a Slack `table` block, the others as phone-width code
 * blocks or one line per row. `monospace`: every table a code block, as before table blocks
 * existed; the form a message is posted again in when Slack refuses a table block.
 */
export type TableStyle = 'native' | 'monospace';

type Block = Record<string, unknown>;

function titleBlock(table: ReplyTable): Block[] {
  return table.title
    ? [{ type: 'section', text: { type: 'mrkdwn', text: `*${escapeText(truncate(table.title, 200))}*` } }]
    : [];
}

function notesBlocks(table: ReplyTable, moreRows: number | undefined): Block[] {
  const notes = [
    ...(moreRows ? [`…and ${moreRows.toLocaleString('en-US')} more rows. Use the CSV for all of them.`] : []),
    ...table.notes,
  ];
  return notes.length ? [contextBlock(notes.slice(0, 10))] : [];
}

/** Sections of mrkdwn lines, split on line boundaries to fit a section's text. */
function sections(lines: string[], fence: string): Block[] {
  const blocks: Block[] = [];
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length)
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `${fence}${chunk.join('\n')}${fence}` } });
    chunk = [];
  };
  for (const line of lines) {
    if ([...chunk, line].join('\n').length + 2 * fence.length > MAX_SECTION_TEXT) flush();
    chunk.push(line);
  }
  flush();
  return blocks;
}

/**
 * One line per row for a table too wide for a phone's code block: the text columns as they
 * are, the numbers with their header (`AGi32 · MUL · AB12C… — Peak 2 · Seats 5`).
 */
function rowLines(table: ReplyTable): string[] {
  const marked = new Set(table.markedRows ?? []);
  return table.rows.map((row, index) => {
    const words = table.columns.flatMap((c, i) => (c.align === 'right' || !row[i] ? [] : [escapeText(row[i])]));
    const numbers = table.columns.flatMap((c, i) =>
      c.align === 'right' && row[i] ? [`${escapeText(c.header)} *${escapeText(row[i])}*`] : [],
    );
    const mark = marked.has(index) && table.marker ? `${table.marker} ` : '• ';
    return `${mark}${words.join(' · ')}${numbers.length ? ` — ${numbers.join(' · ')}` : ''}`;
  });
}

/** A secondary table: a code block when it fits a phone's width, else one line per row. */
function compactBlocks(table: ReplyTable): Block[] {
  if (table.rows.length === 0) return [...titleBlock(table), ...tableBlocks({ ...table, title: undefined })];
  const lines = alignedLines(table);
  const narrow = Math.max(...lines.map((l) => [...l].length)) <= PHONE_WIDTH;
  if (narrow) return tableBlocks(table);
  return [...titleBlock(table), ...sections(rowLines(table), ''), ...notesBlocks(table, table.moreRows)];
}

/** The table a reply is about: the one with the most rows (the first of equals). */
function mainTableIndex(tables: readonly ReplyTable[]): number {
  return tables.reduce((best, t, i) => (t.rows.length > (tables[best]?.rows.length ?? -1) ? i : best), 0);
}

/**
 * Every table of a reply as blocks, and where the native main table's part (its title, the
 * table block, its notes) starts among them; undefined when there is no table block.
 */
export function allTableBlocks(
  tables: readonly ReplyTable[],
  style: TableStyle,
): { blocks: Block[]; mainAt: number | undefined } {
  if (style === 'monospace') return { blocks: tables.flatMap(tableBlocks), mainAt: undefined };
  const main = mainTableIndex(tables);
  const blocks: Block[] = [];
  let mainAt: number | undefined;
  for (const [i, table] of tables.entries()) {
    const native = i === main ? nativeTable(table) : undefined;
    if (!native) {
      blocks.push(...compactBlocks(table));
      continue;
    }
    mainAt = blocks.length;
    blocks.push(...titleBlock(table), native.block as unknown as Block, ...notesBlocks(table, native.moreRows));
  }
  return { blocks, mainAt };
}

/** A table as one or more code-block sections, split on row boundaries to fit the limit. */
function tableBlocks(table: ReplyTable): Block[] {
  const blocks: Block[] = [];
  if (table.title)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeText(truncate(table.title, 200))}*` } });
  const lines = (table.rows.length ? alignedLines(table) : ['(none)']).map(escapeText);
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length)
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${chunk.join('\n')}\`\`\`` } });
    chunk = [];
  };
  for (const line of lines) {
    if ([...chunk, line].join('\n').length + 6 > MAX_SECTION_TEXT) flush();
    chunk.push(line);
  }
  flush();
  const notes = [
    ...(table.moreRows
      ? [`…and ${table.moreRows.toLocaleString('en-US')} more rows. Use the CSV for all of them.`]
      : []),
    ...table.notes,
  ];
  if (notes.length) blocks.push(contextBlock(notes.slice(0, 10)));
  return blocks;
}
