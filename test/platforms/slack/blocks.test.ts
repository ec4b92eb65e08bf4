import { describe, expect, it } from 'vitest';
import { messageBlocks, renderSlackMessage } from '../../../src/platforms/slack/blocks.js';

describe('Block Kit renderer', () => {
  it('keeps within Slack limits: 50 blocks, 3,000 characters a section, a fallback text', () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`user${i}@example.com`, 'ElumTools', String(i), '1:00:00']);
    const message = renderSlackMessage({
      title: 'x'.repeat(200),
      tables: [
        {
          columns: [
            { header: 'Email' },
            { header: 'Program' },
            { header: 'Sessions', align: 'right' },
            { header: 'Duration' },
          ],
          rows,
          notes: [],
        },
      ],
    });
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const block of message.blocks) {
      const text = (block as { text?: { text: string } }).text?.text ?? '';
      expect(text.length).toBeLessThanOrEqual(3000);
    }
    expect((message.blocks[0] as { text: { text: string } }).text.text).toHaveLength(150);
    expect(message.text.length).toBeGreaterThan(0);
    expect(message.response_type).toBe('ephemeral');
  });

  it('escapes data from license clients so it cannot ping a channel or leave the table', () => {
    const reply = {
      tables: [{ columns: [{ header: 'Machine' }], rows: [['<!channel> ```x``` & co']], notes: ['by <@U1>'] }],
    };
    // A table block's raw_text cells are shown as typed: Slack parses no mrkdwn in them.
    const native = renderSlackMessage(reply);
    expect(messageBlocks(native)[0]).toMatchObject({
      type: 'table',
      rows: [[{}], [{ type: 'raw_text', text: '<!channel> ```x``` & co' }]],
    });
    expect(JSON.stringify(messageBlocks(native).slice(1))).toContain('by &lt;@U1&gt;');
    const message = renderSlackMessage(reply, 'monospace');
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("&lt;!channel&gt; '''x''' &amp; co");
    expect(json).not.toContain('<!channel>');
    expect(json).toContain('by &lt;@U1&gt;');
  });

  it('marks rows and says how many more there are', () => {
    const reply = {
      tables: [
        {
          columns: [{ header: 'A' }],
          rows: [['one'], ['two']],
          marker: '🟢',
          markedRows: [0],
          moreRows: 1234,
          notes: [],
        },
      ],
    };
    const native = renderSlackMessage(reply);
    expect(messageBlocks(native)[0]).toMatchObject({
      rows: [[{ text: 'A' }], [{ text: '🟢 one' }], [{ text: 'two' }]],
    });
    expect(JSON.stringify(messageBlocks(native))).toContain('…and 1,234 more rows. Use the CSV for all of them.');
    const message = renderSlackMessage(reply, 'monospace');
    const table = (message.blocks[0] as { text: { text: string } }).text.text;
    expect(table).toBe('```   A\n   ---\n🟢 one\n   two```');
    expect(JSON.stringify(message.blocks)).toContain('…and 1,234 more rows. Use the CSV for all of them.');
  });
});

describe('Slack log scrubbing', () => {
  it('removes tokens and response URLs from Bolt messages', async () => {
    const { scrubSlackSecrets } = await import('../../../src/platforms/slack/bolt-logger.js');
    expect(
      scrubSlackSecrets(
        'auth with xoxb-123-456-abcDEF, app xapp-1-A1-2-ff, respond https://hooks.slack.com/commands/T1/2/x ok',
      ),
    ).toBe('auth with [redacted], app [redacted], respond [redacted] ok');
  });

  it('escapes client-named text in notes and table titles, so a product cannot ping a channel', () => {
    const message = renderSlackMessage({
      tables: [{ title: 'Usage of <!here> Tools', columns: [{ header: 'A' }], rows: [['1']], notes: [] }],
      notes: [{ level: 'warning', text: 'License <!channel> SUL AB12C… expires in 3 days.' }],
    });
    const json = JSON.stringify(messageBlocks(message));
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<!here>');
    expect(json).toContain('License &lt;!channel&gt; SUL AB12C… expires in 3 days.');
    expect(json).toContain('*Usage of &lt;!here&gt; Tools*');
  });
});
