import { localDate } from '../../domain/time-zone.js';
import { licenseStats } from '../../queries/license-stats.query.js';
import { statsCsv } from '../../reports/stats.report.js';
import type { Command } from '../command.js';
import { statsFileName } from '../file-names.js';
import { productFromWords } from '../product-arg.js';

/** `/licstats csv [product]`: one row per license, as the portal's License Stats export. */
export const licstatsCsvCommand: Command<{ words: string[] }> = {
  name: 'licstats csv',
  usage: '/licstats csv [product]',
  summary: 'the stats table as a CSV file',
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
    const name = statsFileName(localDate(ctx.now, request.account.timeZone), product?.name);
    // One row per license: small enough to build right away, never worth a job.
    return {
      text: `${name}: ${result.licenses.length} license${result.licenses.length === 1 ? '' : 's'}.`,
      files: [{ name, open: () => statsCsv(result) }],
    };
  },
};
