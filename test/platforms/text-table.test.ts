import { describe, expect, it } from 'vitest';
import { renderTextTable, renderTextTables } from '../../src/platforms/text/text-table.js';
import { left, right } from '../../src/reports/table.js';

describe('renderTextTable', () => {
  it('aligns columns, numbers to the right, with a rule under the header and notes after', () => {
    const out = renderTextTable({
      title: 'License stats by product',
      columns: [left('Product'), right('Seats'), left('AC')],
      rows: [
        ['ElumTools', '5', 'AB12C…'],
        ['Photometric Power Tools', '12', 'ZZ9…'],
      ],
      notes: ['Counted since the last reset.'],
    });
    expect(out).toBe(
      [
        'License stats by product',
        'Product                  Seats  AC',
        '-----------------------  -----  ------',
        'ElumTools                    5  AB12C…',
        'Photometric Power Tools     12  ZZ9…',
        'Note: Counted since the last reset.',
      ].join('\n'),
    );
  });

  it('says (none) for an empty table and separates tables by a blank line', () => {
    const empty = { title: 'Idle seats (0)', columns: [left('User')], rows: [], notes: [] };
    expect(renderTextTables([empty, empty])).toBe('Idle seats (0)\n  (none)\n\nIdle seats (0)\n  (none)');
  });
});
