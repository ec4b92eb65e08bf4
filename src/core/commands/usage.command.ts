import { Readable } from 'node:stream';
import { resolveHistoryWindow } from '../../domain/time-window.js';
import { addDays, localDate } from '../../domain/time-zone.js';
import { typedWholeNumber } from '../../domain/typed-input.js';
import { UsageError } from '../../errors.js';
import { productDailyUsage } from '../../queries/product-daily-usage.query.js';
import { productPoolDemand } from '../../queries/product-usage.query.js';
import { resolveProduct } from '../../queries/products.query.js';
import { poolHistogramNative, productNativeChart } from '../../reports/charts/native-chart.js';
import { poolChart } from '../../reports/charts/pool-chart.js';
import { productChart } from '../../reports/charts/product-chart.js';
import type { ChartImage } from '../../reports/charts/render-png.js';
import { left, right } from '../../reports/table.js';
import type { Command } from '../command.js';
import type { ReplyChart, ReplyFile } from '../reply.js';

const DEFAULT_DAYS = 7;
const MAX_DAYS = 92;
/** A chart per pool; past this many, the table still lists every pool. */
const MAX_CHARTS = 4;
const USAGE = 'Usage: /licstats usage <product> [days N], e.g. /licstats usage elum days 14';

const asFile = (c: ChartImage): ReplyFile => ({ name: c.name, open: () => Readable.from([c.png]) });

/**
 * `/licstats usage <product> [days N]`: the product's sessions per day with its denials, and
 * each MUL pool's seats in use, as charts and their key numbers.
 */
export const usageCommand: Command<{ product: string; days: number }> = {
  name: 'licstats usage',
  usage: '/licstats usage <product> [days N]',
  summary: 'sessions per day and seats in use per pool over the last N days (default 7), as charts',
  role: 'manager',
  parse(args) {
    const words = [...args];
    let days = DEFAULT_DAYS;
    const at = words.findIndex((w) => w.toLowerCase() === 'days');
    if (at >= 0) {
      days = typedWholeNumber(words[at + 1] ?? '', 'days', { min: 1, max: MAX_DAYS }, USAGE);
      words.splice(at, 2);
    }
    if (words.length === 0) throw new UsageError('Which product?', USAGE);
    return { product: words.join(' '), days };
  },
  async run({ product: name, days }, request, ctx) {
    const product = await resolveProduct(ctx.em, request.account.id, name);
    // N local days ending today: whole days from the first, today up to now. (N × 24 hours
    // back would start inside a day, and show N + 1 bars, the first of them a part of a day
    // that reads as a quiet one.)
    const zone = request.account.timeZone;
    const first = addDays(localDate(ctx.now, zone), 1 - days);
    const { from, to, fromDate, toDate } = resolveHistoryWindow({ from: first }, ctx.now, zone);
    const period = `${fromDate} – ${toDate}`;
    const daily = await productDailyUsage(ctx.em, request.account.id, product.id, { from, to, zone });
    const pools = await productPoolDemand(ctx.em, request.account.id, product, { from, to });
    const product_ = productChart({ label: product.name, usage: daily, period }, 'usage-sessions.png');
    const poolCharts = pools
      .slice(0, MAX_CHARTS)
      .map((p) => ({ pool: p, image: poolChart({ ...p, period, zone }, `usage-pool-${p.licenseId}.png`) }));
    const charts: ReplyChart[] = [
      { file: product_.name, alt: product_.alt, native: productNativeChart(product.name, daily) },
      ...poolCharts.map(({ pool, image }) => ({
        file: image.name,
        alt: image.alt,
        native: poolHistogramNative(pool.label, pool.seats, pool.demand),
      })),
    ];
    const notes = [
      `${period} (${zone}). 95% seats: the fewest seats that would have served 95% of the seat-hours asked for.`,
    ];
    return {
      title: `Usage: ${product.name}, last ${days} days`,
      text: [product_.alt, ...poolCharts.map((c) => c.image.alt)].join('\n'),
      ...(pools.length
        ? {
            tables: [
              {
                columns: [left('Pool'), right('Seats'), right('Peak'), right('95% seats'), right('Denials')],
                rows: pools.map((p) => [p.label, p.seats, p.demand.peak, p.demand.seats95, p.declined].map(String)),
                notes,
              },
            ],
          }
        : { notes: [{ level: 'info' as const, text: `${product.name} has no multi-user (MUL) pools to chart.` }] }),
      files: [product_, ...poolCharts.map((c) => c.image)].map(asFile),
      charts,
    };
  },
};
