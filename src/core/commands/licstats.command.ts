import { licenseStatsTable, productStatsTable } from '../../reports/stats.report.js';
import type { Command } from '../command.js';
import { productNamed } from '../product-arg.js';
import { rerunButton } from '../rerun-button.js';
import { viewLicenseStats } from '../use-cases/license-stats.use-case.js';

/** `/licstats` (every product) and `/licstats <product>` (one row per activation code). */
export const licstatsCommand: Command<{ words: string[] }> = {
  name: 'licstats',
  usage: '/licstats [product]',
  summary: 'stats table for every product, or one product per license/AC',
  role: 'manager',
  parse: (args) => ({ words: args }),
  async run({ words }, request, ctx) {
    const ask = { product: productNamed(words), now: ctx.now };
    const { product, result } = await viewLicenseStats(ctx.em, request.account, ask, ctx.caches?.statsReads);
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
