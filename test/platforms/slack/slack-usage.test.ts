import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { allBlocks, chartBlocks, codeTables } from '../../helpers/slack-blocks.js';
import { slash } from '../../helpers/slack-commands.js';
import { ADMIN, useSlackHarness } from '../../helpers/slack-harness.js';
import { slackLimitViolations } from '../../helpers/slack-limits.js';
import { slackScreenshot } from '../../helpers/slack-screenshot.js';
import { createDefaultAccount } from '../../helpers/test-database.js';
import { seedUsageFixture } from '../../helpers/usage-fixture.js';

const clock = { now: new Date('2026-11-28T12:00:00Z') };

describe('Slack: /licstats usage <product> [days N]', () => {
  const h = useSlackHarness({ now: () => clock.now });

  beforeAll(async () => {
    const account = await createDefaultAccount(h().db, 'default');
    await seedUsageFixture(h().db, account);
  });

  it('draws sessions per day and the seats-in-use histogram natively, and uploads the pool chart as a PNG', async () => {
    const before = h().slack.uploads().length;
    const completed = h().slack.api('files.completeUploadExternal').length;
    const reply = await slash(h(), ADMIN, '/licstats', 'usage elum days 7');
    expect(slackLimitViolations(reply)).toEqual([]);
    expect(codeTables(reply)[0]).toEqual([
      ['Pool', 'Seats', 'Peak', '95% seats', 'Denials'],
      ['ElumTools MUL ELUMA…', '3', '3', '3', '2'],
    ]);
    const text = allBlocks(reply)
      .map((b) => b.text?.text)
      .join('\n');
    expect(text).toContain(
      'ElumTools MUL ELUMA…, 2026-11-22 – 2026-11-28: peak 3 of 3 seats in use; 3 seats would have covered 95% of the demand.',
    );
    expect(text).toContain(
      'ElumTools, 2026-11-22 – 2026-11-28: 3 sessions, most on 2026-11-25 (3); 2 denials on 1 day, most on 2026-11-25 (2).',
    );
    // Seven local days (Nov 22 to 28, the last up to noon): sessions and denials per day, then the pool's hours at 0–3 seats.
    const [daily, histogram] = chartBlocks(reply) as unknown as {
      chart: { type: string; series: { name: string; data: { label: string; value: number }[] }[] };
    }[];
    expect(daily?.chart.type).toBe('bar');
    expect(daily?.chart.series.map((s) => [s.name, s.data.map((d) => d.value)])).toEqual([
      ['Sessions', [0, 0, 0, 3, 0, 0, 0]],
      ['Denials', [0, 0, 0, 2, 0, 0, 0]],
    ]);
    expect(daily?.chart.series[0]?.data.map((d) => d.label)).toEqual([
      '11-22',
      '11-23',
      '11-24',
      '11-25',
      '11-26',
      '11-27',
      '11-28',
    ]);
    // 3 seats for 2 hours, 1 for 2 more; the rest of the 6½ days (156 h) at 0.
    expect(histogram?.chart.series[0]?.data.map((d) => d.value)).toEqual([152, 2, 0, 2]);
    // Sessions per day is drawn whole by Slack: only the pool chart is uploaded.
    // One upload flow carries all of a reply's files: once it completes, every file is in.
    await h().slack.waitFor(() => h().slack.api('files.completeUploadExternal').length > completed);
    const uploads = h().slack.uploads().slice(before);
    expect(uploads).toHaveLength(1);
    const bytes = uploads[0]?.bytes;
    expect(bytes?.subarray(1, 4).toString('latin1')).toBe('PNG');
    const png = PNG.sync.read(bytes!);
    expect([png.width, png.height]).toEqual([800, 320]);
    mkdirSync('review', { recursive: true });
    writeFileSync('review/usage-chart.png', bytes!);
    writeFileSync('review/usage-reply.json', `${JSON.stringify(reply, null, 2)}\n`);
    writeFileSync('review/usage-reply-phone.png', slackScreenshot(reply));
  });

  it('draws the 20 days of "days 20" natively: twenty bars, the first a whole day', async () => {
    const completed = h().slack.api('files.completeUploadExternal').length;
    const reply = await slash(h(), ADMIN, '/licstats', 'usage elum days 20');
    // The pool chart's upload follows the answer: let it land here, not in the next test.
    await h().slack.waitFor(() => h().slack.api('files.completeUploadExternal').length > completed);
    const [daily] = chartBlocks(reply) as unknown as { chart: { series: { data: { label: string }[] }[] } }[];
    const labels = daily?.chart.series[0]?.data.map((d) => d.label);
    expect([labels?.length, labels?.[0], labels?.at(-1)]).toEqual([20, '11-09', '11-28']);
  });

  it('uploads the sessions-per-day PNG when the period has more days than a native chart takes', async () => {
    const before = h().slack.uploads().length;
    const reply = await slash(h(), ADMIN, '/licstats', 'usage elum days 30');
    expect(slackLimitViolations(reply)).toEqual([]);
    // 30 days: past the 20 categories of a native chart; the histogram still fits.
    expect(chartBlocks(reply)).toHaveLength(1);
    await h().slack.waitFor(() => h().slack.uploads().length >= before + 2);
    const sizes = h()
      .slack.uploads()
      .slice(before)
      .map((u) => PNG.sync.read(u.bytes!).width);
    expect(sizes).toEqual([800, 800]);
  });

  it('posts the monospace form with every PNG when Slack refuses the chart blocks', async () => {
    h().slack.refuseTables = 'invalid_blocks';
    const before = h().slack.uploads().length;
    try {
      const reply = await slash(h(), ADMIN, '/licstats', 'usage elum days 7');
      expect(chartBlocks(reply)).toEqual([]);
      expect(reply.attachments).toBeUndefined();
      expect(slackLimitViolations(reply)).toEqual([]);
      await h().slack.waitFor(() => h().slack.uploads().length >= before + 2);
    } finally {
      h().slack.refuseTables = false;
    }
  });

  it('asks for a product and a sensible number of days', async () => {
    expect((await slash(h(), ADMIN, '/licstats', 'usage')).text).toContain('Which product?');
    expect((await slash(h(), ADMIN, '/licstats', 'usage elum days 0')).text).toContain(
      'days must be a whole number from 1 to 92 (got "0").',
    );
  });
});
