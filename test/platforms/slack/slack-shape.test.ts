import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageBlocks, renderSlackMessage } from '../../../src/platforms/slack/blocks.js';
import { CHART_LIMITS, fitsNativeChart } from '../../../src/platforms/slack/chart-block.js';
import type { NativeChart } from '../../../src/reports/charts/native-chart.js';
import { FakeSlack, shapeProblem } from '../../helpers/fake-slack.js';

const table = { type: 'table', rows: [[{ type: 'raw_text', text: 'A' }]] };
const chart = (categories: string[], series = 1): NativeChart => ({
  kind: 'bar',
  title: 'Sessions per day',
  categories,
  series: Array.from({ length: series }, (_, i) => ({ name: `S${i}`, values: categories.map(() => i) })),
  complete: true,
});
const days = (n: number) => Array.from({ length: n }, (_, i) => `11-${String(i + 1).padStart(2, '0')}`);

describe('the documented shape of tables and charts', () => {
  const slack = new FakeSlack();
  beforeAll(async () => {
    await slack.start();
  });
  afterAll(() => slack.stop());

  const post = async (body: unknown) => {
    const res = await fetch(slack.responseUrl(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.text() };
  };

  it('the fake refuses a table among the top-level blocks and takes it in an attachment', async () => {
    expect(await post({ text: 't', blocks: [table] })).toEqual({
      status: 400,
      body: JSON.stringify({ ok: false, error: 'invalid_blocks' }),
    });
    expect(slack.badShapes.at(-1)).toBe('a table block in top-level blocks (it belongs in attachments)');
    expect((await post({ text: 't', attachments: [{ blocks: [table] }] })).status).toBe(200);
    expect((await post({ text: 't', attachments: [{ blocks: [table] }, { blocks: [table] }] })).status).toBe(400);
    expect((await post({ attachments: [{ blocks: [table] }] })).body).toContain('no_text');
  });

  it('the renderer puts the table block and what follows it into the attachment, in reading order', () => {
    const message = renderSlackMessage({
      title: 'Usage',
      text: 'Key numbers',
      charts: [{ file: 'a.png', alt: 'alt', native: chart(days(8), 2) }],
      tables: [{ columns: [{ header: 'Pool' }], rows: [['ElumTools MUL ELUMA…']], notes: [] }],
      notes: [{ level: 'info', text: 'A note' }],
    });
    expect(shapeProblem(message)).toBeUndefined();
    expect(message.blocks.map((b) => b.type)).toEqual(['header', 'section', 'data_visualization']);
    expect(message.attachments?.[0]?.blocks.map((b) => b.type)).toEqual(['table', 'context']);
    expect(messageBlocks(message)).toHaveLength(5);
    expect(message.blocks[2]).toEqual({
      type: 'data_visualization',
      title: 'Sessions per day',
      chart: {
        type: 'bar',
        series: [
          { name: 'S0', data: days(8).map((label) => ({ label, value: 0 })) },
          { name: 'S1', data: days(8).map((label) => ({ label, value: 1 })) },
        ],
        axis_config: { categories: days(8) },
      },
    });
  });

  it('draws natively only what fits: 20 categories, 6 series, labels of 20 characters, two charts', () => {
    expect(fitsNativeChart(chart(days(CHART_LIMITS.categories)))).toBe(true);
    expect(fitsNativeChart(chart(days(CHART_LIMITS.categories + 1)))).toBe(false);
    expect(fitsNativeChart(chart(days(5), CHART_LIMITS.series))).toBe(true);
    expect(fitsNativeChart(chart(days(5), CHART_LIMITS.series + 1))).toBe(false);
    expect(fitsNativeChart(chart(['a category label of 21']))).toBe(false);
    const three = renderSlackMessage({
      charts: ['a', 'b', 'c'].map((file) => ({ file, alt: file, native: chart(days(3)) })),
    });
    expect(three.blocks.filter((b) => b.type === 'data_visualization')).toHaveLength(2);
    expect(shapeProblem(three)).toBeUndefined();
    // The fake refuses what the renderer never sends.
    expect(shapeProblem({ text: 't', blocks: [...three.blocks, three.blocks[0]] })).toBe(
      '3 data_visualization blocks (max 2)',
    );
  });
});
