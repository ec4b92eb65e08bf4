import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../src/core/reply.js';
import { messageBlocks, renderSlackMessage } from '../../../src/platforms/slack/blocks.js';
import { slackLimitViolations, widePhoneLines } from '../../helpers/slack-limits.js';

const columns = [
  { header: 'Product' },
  { header: 'Seats by type' },
  { header: 'Status' },
  ...['Used', 'Available', 'Full', 'Limited', 'Declined', 'Takes', 'Denied', 'Checkouts'].map((header) => ({
    header,
    align: 'right' as const,
  })),
];
const row = (i: number) => [`Product ${i}`, '2 SUL, 19 MUL', 'Expires 2027-08-16', ...Array(8).fill(String(i))];

describe('Slack table block', () => {
  it('takes the shape of the reference: header row, raw_text cells, numbers right, names wrapped', () => {
    const message = renderSlackMessage({
      tables: [{ columns, rows: [row(1), ['Licaso', '', 'x', ...Array(8).fill('')]], notes: [] }],
    });
    const [table] = messageBlocks(message);
    expect(table).toMatchObject({ type: 'table' });
    const { rows, column_settings } = table as { rows: { type: string; text: string }[][]; column_settings: unknown[] };
    expect(rows[0]?.map((c) => c.text)).toEqual(columns.map((c) => c.header));
    expect(rows[1]?.[0]).toEqual({ type: 'raw_text', text: 'Product 1' });
    // Slack refuses an empty cell.
    expect(rows[2]?.[1]).toEqual({ type: 'raw_text', text: '–' });
    expect(column_settings[0]).toEqual({ is_wrapped: true });
    expect(column_settings[3]).toEqual({ align: 'right' });
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('shows the top rows that fit 100 rows and 10,000 characters, and says how many more', () => {
    const many = renderSlackMessage({
      tables: [{ columns, rows: Array.from({ length: 500 }, (_, i) => row(i)), notes: [] }],
    });
    expect(slackLimitViolations(many)).toEqual([]);
    const rows = (messageBlocks(many)[0] as { rows: unknown[] }).rows.length;
    expect(rows).toBeLessThanOrEqual(100);
    expect(JSON.stringify(messageBlocks(many))).toContain(
      `…and ${500 - (rows - 1)} more rows. Use the CSV for all of them.`,
    );
    const long = renderSlackMessage({
      tables: [
        { columns: [{ header: 'Email' }], rows: Array.from({ length: 90 }, () => ['x'.repeat(180)]), notes: [] },
      ],
    });
    expect(slackLimitViolations(long)).toEqual([]);
    expect((messageBlocks(long)[0] as { rows: unknown[] }).rows.length).toBe(1 + 55);
  });

  it('keeps one table block a message: other tables become phone-width code or one line per row', () => {
    const reply: Reply = {
      tables: [
        { title: 'Small', columns: [{ header: 'A' }, { header: 'N', align: 'right' }], rows: [['x', '1']], notes: [] },
        { title: 'Main', columns, rows: [row(1), row(2), row(3)], notes: [] },
        { title: 'Wide', columns, rows: [row(4)], notes: [] },
      ],
    };
    const message = renderSlackMessage(reply);
    expect(messageBlocks(message).filter((b) => b.type === 'table')).toHaveLength(1);
    expect(slackLimitViolations(message)).toEqual([]);
    expect(widePhoneLines(message)).toEqual([]);
    const texts = messageBlocks(message).map((b) => (b as { text?: { text: string } }).text?.text);
    expect(texts).toContain('```A  N\n-  -\nx  1```');
    expect(texts).toContain(
      '• Product 4 · 2 SUL, 19 MUL · Expires 2027-08-16 — Used *4* · Available *4* · Full *4* · Limited *4* · Declined *4* · Takes *4* · Denied *4* · Checkouts *4*',
    );
  });

  it('does not use a table block for more than 20 columns', () => {
    const wide = Array.from({ length: 21 }, (_, i) => ({ header: `C${i}` }));
    const message = renderSlackMessage({ tables: [{ columns: wide, rows: [wide.map((c) => c.header)], notes: [] }] });
    expect(messageBlocks(message).some((b) => b.type === 'table')).toBe(false);
    expect(slackLimitViolations(message)).toEqual([]);
  });

  it('renders the monospace form on demand, with no table block', () => {
    const message = renderSlackMessage({ tables: [{ columns, rows: [row(1)], notes: [] }] }, 'monospace');
    expect(messageBlocks(message).some((b) => b.type === 'table')).toBe(false);
    expect(String((messageBlocks(message)[0] as { text: { text: string } }).text.text)).toMatch(/^```Product/);
  });
});
