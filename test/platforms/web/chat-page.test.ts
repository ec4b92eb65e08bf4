import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, bootstrap } from '../../../src/app.js';
import { prepareDemo } from '../../../src/cli/demo.cli.js';
import { launchChromium } from '../../helpers/browser.js';
import { useTestDatabase } from '../../helpers/test-database.js';

/** Kept after the run (git-ignored): what the page looked like, for people to look at. */
const ARTIFACTS = join(import.meta.dirname, '../../../test-results');

describe('the chat page in headless Chromium', () => {
  const db = useTestDatabase();
  let app: App;
  let browser: Browser;
  let page: Page;
  let base = '';

  beforeAll(async () => {
    await prepareDemo(db().config, new PassThrough());
    app = await bootstrap({ ...db().config, NODE_ENV: 'development' }, { webChat: true });
    base = `http://127.0.0.1:${await app.listen(0, '127.0.0.1')}`;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 860 }, acceptDownloads: true });
    page.on('dialog', (dialog) => void dialog.accept());
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  /** Types a command as a person would and returns the reply bubble. */
  const type = async (text: string) => {
    const before = await page.locator('.msg.bot').count();
    await page.fill('#text', text);
    await page.press('#text', 'Enter');
    await page.locator('.msg.bot').nth(before).waitFor();
    return page.locator('.msg.bot').nth(before);
  };
  /** The cell of a product's row under a column header, in a /licstats reply. */
  const cell = async (reply: ReturnType<Page['locator']>, product: string, header: string) => {
    const headers = await reply.locator('thead th').allTextContents();
    const row = reply.locator('tbody tr', { has: page.locator('td', { hasText: new RegExp(`^${product}$`) }) });
    return row.locator('td').nth(headers.indexOf(header)).textContent();
  };

  it('answers /licstats with the seeded numbers, resets and undoes through the buttons, and downloads the CSV', async () => {
    await page.goto(base);
    const stats = await type('/licstats');
    await expect(stats.locator('h3').textContent()).resolves.toBe('License stats by product');
    const [seeded] = await db().sql<{ used: number; full: number }>(
      `select (select count(*)::int from activation a join license l on l.id = a.license_id join product p on p.id = l.product_id
               where p.name = 'AGi32' and a.deactivated_at is null) as used,
              (select count(*)::int from access_event e join license l on l.id = e.license_id join product p on p.id = l.product_id
               where p.name = 'AGi32' and e.mode = 'full') as full`,
    );
    expect(await cell(stats, 'AGi32', 'Activations Used')).toBe(String(seeded!.used));
    expect(await cell(stats, 'AGi32', 'Full Access')).toBe(String(seeded!.full));
    expect(await stats.locator('.note.warning').count()).toBeGreaterThan(0);

    // Reset → confirm (the browser's confirm dialog is accepted) → counters at zero.
    const reset = await type('/licstats reset all');
    await reset.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('Counters reset: all products'));
    // Zero on any normal day; under faketime the seeded events lie after the reset instant
    // (PostgreSQL's clock), and those still count.
    const [after] = await db().sql<{ n: number }>(
      `select count(*)::int as n from access_event e join license l on l.id = e.license_id join product p on p.id = l.product_id
       where p.name = 'AGi32' and e.mode = 'full' and e.occurred_at > (select max(at) from stats_reset)`,
    );
    expect(await cell(await type('/licstats'), 'AGi32', 'Full Access')).toBe(String(after!.n));

    // Undo → confirm → the numbers are back.
    const undo = await type('/licstats undo-reset');
    await undo.getByRole('button', { name: 'Confirm' }).click();
    await page.waitForFunction(() => document.body.textContent?.includes('Reset undone'));
    const again = await type('/licstats');
    expect(await cell(again, 'AGi32', 'Full Access')).toBe(String(seeded!.full));

    // "Send CSV" → a file in the chat → it downloads.
    await again.getByRole('button', { name: 'Send CSV' }).click();
    const link = page.locator('.msg.bot .file a').last();
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const csv = readFileSync(await download.path(), 'utf8');
    expect(csv).toContain('AGi32');
    expect(csv.split('\n').length).toBeGreaterThan(5);
  });

  it('shows /sessions with 🟢 active sessions, and /licstats flags; and keeps a screenshot', async () => {
    const sessions = await type('/sessions');
    expect(await sessions.locator('tr.marked').count()).toBeGreaterThan(0);
    await expect(sessions.locator('tr.marked .marker').first().textContent()).resolves.toBe('🟢');
    const flags = await type('/licstats flags');
    expect(await flags.locator('h3, figcaption').count()).toBeGreaterThan(0);
    // The screenshot shows the first answer, as a newcomer sees it.
    await page.goto(base);
    await type('/licstats');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'chat-page.png'), fullPage: false });
  });

  it('shows /licstats usage charts as pictures, served inline as PNG, with their key numbers as alt text', async () => {
    const usage = await type('/licstats usage AGi32');
    const images = usage.locator('figure.chart img');
    const [{ pools }] = (await db().sql<{ pools: number }>(
      `select count(*)::int as pools from license l join product p on p.id = l.product_id
        where p.name = 'AGi32' and l.type = 'MUL'`,
    )) as [{ pools: number }];
    expect(await images.count()).toBe(1 + pools); // sessions per day, then one per pool
    await page.waitForFunction(() =>
      [...document.querySelectorAll<HTMLImageElement>('figure.chart img')].every((i) => i.complete),
    );
    const drawn = await images.evaluateAll((all) =>
      (all as HTMLImageElement[]).map((i) => ({ width: i.naturalWidth, alt: i.alt })),
    );
    for (const d of drawn) expect(d.width).toBeGreaterThan(0);
    expect(drawn[0]!.alt).toMatch(/^AGi32, .*sessions/);
    expect(drawn[1]!.alt).toMatch(/peak \d+ of \d+ seats/);
    const src = await images.first().getAttribute('src');
    const res = await fetch(base + src);
    expect([res.status, res.headers.get('content-type'), res.headers.get('content-disposition')]).toEqual([
      200,
      'image/png',
      'inline',
    ]);
    expect((await usage.locator('p.file').count()) + (await usage.locator('figure.chart a[download]').count())).toBe(
      1 + pools,
    );
    mkdirSync(ARTIFACTS, { recursive: true });
    await usage.screenshot({ path: join(ARTIFACTS, 'chat-page-usage.png') });
  });

  it('counts the commands it ran on /metrics, by command', async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    const count =
      /licbot_command_duration_seconds_count\{command="licstats",platform="slack",outcome="ok"\} (\d+)/.exec(metrics);
    expect(Number(count?.[1])).toBeGreaterThanOrEqual(4);
    expect(metrics).toMatch(
      /licbot_command_duration_seconds_count\{command="licbot:reset-confirm",platform="slack",outcome="ok"\} 1/,
    );
  });

  it('is not served in production', async () => {
    const prod = await bootstrap(
      { ...db().config, NODE_ENV: 'production', HASH_SECRET: 'x'.repeat(32) },
      { webChat: true },
    );
    const url = `http://127.0.0.1:${await prod.listen(0, '127.0.0.1')}`;
    try {
      expect((await fetch(`${url}/`)).status).toBe(404);
      expect((await fetch(`${url}/chat/command`, { method: 'POST' })).status).toBe(404);
    } finally {
      await prod.close();
    }
  });
});
