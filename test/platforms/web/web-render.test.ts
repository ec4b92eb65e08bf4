import { describe, expect, it } from 'vitest';
import { inlineMarkup, renderWebReply } from '../../../src/platforms/web/web-render.js';

describe('Reply → HTML for the chat page', () => {
  it('keeps data from license clients as text: no markup gets through', () => {
    const html = renderWebReply({
      tables: [{ columns: [{ header: 'Machine' }], rows: [['<img src=x onerror=alert(1)>']], notes: [] }],
      buttons: [{ actionId: 'licbot:x', label: '"><script>', value: '{"a":"<b>"}' }],
    });
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('data-value="{&quot;a&quot;:&quot;&lt;b&gt;&quot;}"');
  });

  it('shows marks as a chat would: bold, code, mentions, 🟢 rows, warnings, N more rows', () => {
    expect(inlineMarkup('reset *all products* by <@U1> with `x`')).toBe(
      'reset <strong>all products</strong> by <span class="mention">@U1</span> with <code>x</code>',
    );
    const html = renderWebReply({
      tables: [
        {
          columns: [{ header: 'User' }, { header: 'Duration', align: 'right' }],
          rows: [
            ['ana@example.com', '1:00:00'],
            ['bo@example.com', '0:30:00'],
          ],
          notes: ['Times in UTC'],
          marker: '🟢',
          markedRows: [0],
          moreRows: 1200,
        },
      ],
      notes: [{ level: 'warning', text: 'Declined 5 times' }],
    });
    expect(html).toContain(
      '<tr class="marked"><td><span class="marker">🟢</span> ana@example.com</td><td class="num">1:00:00</td></tr>',
    );
    expect(html).toContain('…and 1,200 more rows.');
    expect(html).toContain('<p class="note warning">⚠️ Declined 5 times</p>');
  });
});
