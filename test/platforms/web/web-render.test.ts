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

  it('shows a chart as an image with its key numbers as alt text and a link to save it, and other files as links', () => {
    const html = renderWebReply({ charts: [{ file: 'pool.png', alt: 'Pool "A" <MUL>: peak 6 of 5 seats' }] }, [
      { name: 'pool.png', url: '/chat/files/1' },
      { name: 'stats.csv', url: '/chat/files/2' },
    ]);
    expect(html).toContain('<img src="/chat/files/1" alt="Pool &quot;A&quot; &lt;MUL&gt;: peak 6 of 5 seats">');
    expect(html).toContain('<figcaption><a href="/chat/files/1" download="pool.png">pool.png</a></figcaption>');
    expect(html).toContain('<p class="file">📎 <a href="/chat/files/2" download="stats.csv">stats.csv</a></p>');
    expect(html.match(/<img /g)).toHaveLength(1);
  });
});
