import type { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { csvStream } from '../../src/reports/csv.js';

// Read as bytes: TextDecoder (stream/consumers text()) would drop the BOM being tested.
const text = async (stream: Readable) => (await buffer(stream)).toString('utf8');

describe('csvStream', () => {
  it('writes a BOM, the header, then every batch', async () => {
    const out = await text(csvStream(['A', 'B'], [[['x', 1]], [], [['y', 2]]]));
    expect(out).toBe('\uFEFFA,B\nx,1\ny,2\n');
  });

  it('writes only the header when there are no rows', async () => {
    expect(await text(csvStream(['Email', 'Program'], []))).toBe('\uFEFFEmail,Program\n');
  });

  it('escapes text a spreadsheet would run as a formula, but not negative numbers', async () => {
    const cells = ['=1+1', '+1', '-1', '@SUM(A1)', '\tx', '＝1', 'ann@example.com'];
    const out = await text(csvStream(['v', 'n'], [cells.map((c) => [c, -5])]));
    expect(out.split('\n').slice(1, -1)).toEqual([
      "'=1+1,-5",
      "'+1,-5",
      "'-1,-5",
      "'@SUM(A1),-5",
      "'\tx,-5",
      "'＝1,-5",
      'ann@example.com,-5',
    ]);
  });

  it('quotes delimiters, quotes and line breaks (RFC 4180)', async () => {
    const out = await text(csvStream(['v'], [[['a,b'], ['say "hi"'], ['two\nlines'], ['ünï…']]]));
    expect(out).toBe('\uFEFFv\n"a,b"\n"say ""hi"""\n"two\nlines"\nünï…\n');
  });

  it('streams from an async source batch by batch', async () => {
    async function* batches() {
      for (let i = 0; i < 3; i++) yield [[`row${i}`, i]];
    }
    expect(await text(csvStream(['name', 'i'], batches()))).toBe('\uFEFFname,i\nrow0,0\nrow1,1\nrow2,2\n');
  });
});
