import { shapeProblem } from './fake-slack.js';

interface Block {
  type: string;
  text?: { text?: string };
  elements?: unknown[];
  rows?: Array<Array<{ type: string; text?: string }>>;
  column_settings?: unknown[];
}

/**
 * Slack's documented limits for a message's Block Kit JSON (docs.slack.dev, Block Kit:
 * blocks, section, header, context, actions, table, data visualization; the table in an
 * attachment) and the ones users found for table blocks: one a message, no empty cell text,
 * about 10,000 characters of cell text. Returns every broken limit, so a test can show them
 * all at once.
 */
export function slackLimitViolations(message: {
  text?: string;
  blocks: unknown[];
  attachments?: { blocks: unknown[] }[];
}): string[] {
  const problems: string[] = [];
  const blocks = [...message.blocks, ...(message.attachments ?? []).flatMap((a) => a.blocks)] as Block[];
  if (!message.text) problems.push('no fallback text');
  const shape = shapeProblem(message);
  if (shape) problems.push(shape);
  if (blocks.length > 50) problems.push(`${blocks.length} blocks (max 50)`);
  const tables = blocks.filter((b) => b.type === 'table');
  if (tables.length > 1) problems.push(`${tables.length} table blocks (max 1)`);
  for (const [i, b] of blocks.entries()) {
    const where = `block ${i} (${b.type})`;
    if (b.type === 'header' && String(b.text?.text).length > 150) problems.push(`${where}: header over 150`);
    if (b.type === 'section' && String(b.text?.text ?? '').length > 3000) problems.push(`${where}: text over 3000`);
    if (b.type === 'section' && !b.text?.text) problems.push(`${where}: empty text`);
    if (b.type === 'context' && (b.elements?.length ?? 0) > 10) problems.push(`${where}: over 10 elements`);
    if (b.type === 'actions' && (b.elements?.length ?? 0) > 25) problems.push(`${where}: over 25 elements`);
    if (b.type !== 'table') continue;
    const rows = b.rows ?? [];
    if (rows.length > 100) problems.push(`${where}: ${rows.length} rows (max 100)`);
    if ((b.column_settings?.length ?? 0) > 20) problems.push(`${where}: over 20 column settings`);
    let chars = 0;
    for (const [r, row] of rows.entries()) {
      if (row.length > 20) problems.push(`${where}: row ${r} has ${row.length} cells (max 20)`);
      if (row.length !== rows[0]?.length) problems.push(`${where}: row ${r} has another number of cells`);
      for (const c of row) {
        if (c.type !== 'raw_text' && c.type !== 'rich_text') problems.push(`${where}: cell of type ${c.type}`);
        if (!c.text?.trim()) problems.push(`${where}: empty cell in row ${r}`);
        chars += c.text?.length ?? 0;
      }
    }
    if (chars > 10_000) problems.push(`${where}: ${chars} characters of cell text (max 10,000)`);
  }
  return problems;
}

/** Lines of code blocks wider than a phone shows (only where a table block could carry them). */
export function widePhoneLines(
  message: { blocks: unknown[]; attachments?: { blocks: unknown[] }[] },
  width = 60,
): string[] {
  return ([...message.blocks, ...(message.attachments ?? []).flatMap((a) => a.blocks)] as Block[])
    .filter((b) => b.type === 'section' && String(b.text?.text ?? '').startsWith('```'))
    .flatMap((b) =>
      String(b.text?.text)
        .replace(/^```|```$/g, '')
        .split('\n'),
    )
    .filter(
      (line) => [...line.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&')].length > width,
    );
}
