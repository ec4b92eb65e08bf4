import { licenseStats } from '../../queries/license-stats.query.js';
import { licenseStatsTable, productStatsTable } from '../../reports/stats.report.js';
import type { Command } from '../command.js';
import { productFromWords } from '../product-arg.js';
import { rerunButton } from '../rerun-button.js';

/** `/licstats` (every product) and `/licstats <product>` (one row per activation code). */
export const licstatsCommand: Command<{ words: string[] }> = {
  name: 'licstats',
  usage: '/licstats [product]',
  summary: 'stats table for every product, or one product per license/AC',
  role: 'manager',
  parse: (args) => ({ words: args }),
  async run({ words }, request, ctx) {
    const product = await productFromWords(ctx.em, request.account.id, words);
    const result = await licenseStats(ctx.em, request.account.id, {
      productId: product?.id,
      now: ctx.now,
      timeZone: request.account.timeZone,
      declinedNoteThreshold: request.account.denialThreshold,
    });
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
