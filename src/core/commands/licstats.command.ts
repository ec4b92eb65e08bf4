import { localDate } from '../../domain/time-zone.js';
import { type LicenseStatsResult, licenseStats } from '../../queries/license-stats.query.js';
import { licenseStatsTable, productStatsTable } from '../../reports/stats.report.js';
import type { Command } from '../command.js';
import { productFromWords } from '../product-arg.js';
import { rerunButton } from '../rerun-button.js';
import { SingleFlight } from '../single-flight.js';

const statsReads = new SingleFlight<LicenseStatsResult>();

/** `/licstats` (every product) and `/licstats <product>` (one row per activation code). */
export const licstatsCommand: Command<{ words: string[] }> = {
  name: 'licstats',
  usage: '/licstats [product]',
  summary: 'stats table for every product, or one product per license/AC',
  role: 'manager',
  parse: (args) => ({ words: args }),
  async run({ words }, request, ctx) {
    const product = await productFromWords(ctx.em, request.account.id, words);
    const a = request.account;
    // Same account, product and day (statuses are relative to the day): share one query.
    const key = `${a.id}:${product?.id ?? 'all'}:${localDate(ctx.now, a.timeZone)}:${a.denialThreshold}`;
    const result = await statsReads.run(key, () =>
      licenseStats(ctx.em.fork(), a.id, {
        productId: product?.id,
        now: ctx.now,
        timeZone: a.timeZone,
        declinedNoteThreshold: a.denialThreshold,
      }),
    );
    const table = product ? licenseStatsTable(result, product.name) : productStatsTable(result);
    // Warnings stand out as notes; the table keeps its own explanatory note.
    const warnings = new Set(result.notes);
    return {
      title: table.title,
      tables: [{ ...table, title: undefined, notes: table.notes.filter((n) => !warnings.has(n)) }],
      notes: result.notes.map((text) => ({ level: 'warning' as const, text })),
      buttons: [rerunButton('Send CSV', 'licstats', product ? `csv ${product.name}` : 'csv')],
    };
  },
};
