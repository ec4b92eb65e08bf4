import { plural } from '../../domain/plural.js';
import { localDate } from '../../domain/time-zone.js';
import { statsCsv } from '../../reports/stats.report.js';
import type { Command } from '../command.js';
import { statsFileName } from '../file-names.js';
import { productNamed } from '../product-arg.js';
import { viewLicenseStats } from '../use-cases/license-stats.use-case.js';

/** `/licstats csv [product]`: one row per license, as the portal's License Stats export. */
export const licstatsCsvCommand: Command<{ words: string[] }> = {
  name: 'licstats csv',
  usage: '/licstats csv [product]',
  summary: 'the stats table as a CSV file',
  role: 'manager',
  parse: (args) => ({ words: args }),
  async run({ words }, request, ctx) {
    const ask = { product: productNamed(words), now: ctx.now };
    const { product, result } = await viewLicenseStats(ctx.em, request.account, ask);
    const name = statsFileName(localDate(ctx.now, request.account.timeZone), product?.name);
    // One row per license: small enough to build right away, never worth a job.
    return {
      text: `${name}: ${plural(result.licenses.length, 'license')}.`,
      files: [{ name, open: () => statsCsv(result) }],
    };
  },
};
