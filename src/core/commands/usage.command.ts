import { Readable } from 'node:stream';
import { localDate } from '../../domain/time-zone.js';
import { typedWholeNumber } from '../../domain/typed-input.js';
import { UsageError } from '../../errors.js';
import { productPoolDemand } from '../../queries/product-usage.query.js';
import { resolveProduct } from '../../queries/products.query.js';
import { poolChart } from '../../reports/charts/pool-chart.js';
import { left, right } from '../../reports/table.js';
import type { Command } from '../command.js';

const DEFAULT_DAYS = 7;
const MAX_DAYS = 92;
/** A chart per pool; past this many, the table still lists every pool. */
const MAX_CHARTS = 4;
const USAGE = 'Usage: /licstats usage <product> [days N], e.g. /licstats usage elum days 14';

/** `/licstats usage <product> [days N]`: each MUL pool's seats in use, as a chart and its key numbers. */
export const usageCommand: Command<{ product: string; days: number }> = {
  name: 'licstats usage',
  usage: '/licstats usage <product> [days N]',
  summary: 'seats in use per pool over the last N days (default 7), as a chart',
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
    const to = ctx.now;
    const from = new Date(to.getTime() - days * 86_400_000);
    const zone = request.account.timeZone;
    const period = `${localDate(from, zone)} – ${localDate(to, zone)}`;
    const pools = await productPoolDemand(ctx.em, request.account.id, product, { from, to });
    if (pools.length === 0)
      return { title: `Usage: ${product.name}`, text: `${product.name} has no multi-user (MUL) pools to chart.` };
    const charts = pools
      .slice(0, MAX_CHARTS)
      .map((p, i) => poolChart({ label: p.label, seats: p.seats, demand: p.demand, period }, `usage-${i + 1}.png`));
    return {
      title: `Usage: ${product.name}, last ${days} days`,
      text: charts.map((c) => c.alt).join('\n'),
      tables: [
        {
          columns: [left('Pool'), right('Seats'), right('Peak'), right('95% seats'), right('Denials')],
          rows: pools.map((p) => [p.label, p.seats, p.demand.peak, p.demand.seats95, p.declined].map(String)),
          notes: [
            `${period} (${zone}). 95% seats: the fewest seats that would have served 95% of the seat-hours asked for.`,
          ],
        },
      ],
      files: charts.map((c) => ({ name: c.name, open: () => Readable.from([c.png]) })),
    };
  },
};
