import { requireAccount } from '../accounts/account.service.js';
import { licenseStats } from '../queries/license-stats.query.js';
import { resolveProduct } from '../queries/products.query.js';
import { licenseStatsTable, productStatsTable, statsCsv } from '../reports/stats.report.js';
import { type CliCommand, parseFlags, withEm } from './cli-command.js';
import { parseFormat, writeJson, writeStream, writeTables } from './report-output.js';

const usage = `licbot stats [--account SLUG] [--product NAME] [--format text|csv|json]
  Without --product: one row per product. With it: one row per license (activation code).
  csv: one row per license, as the portal's License Stats export. Product names match by unique prefix.`;

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'license stats: seats, expiry, activations and usage counters since the last reset',
  usage,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      account: { type: 'string', default: 'default' },
      product: { type: 'string' },
      format: { type: 'string' },
    });
    const format = parseFormat(values.format, ['text', 'csv', 'json']);
    await withEm(ctx.config, async (em) => {
      const account = await requireAccount(em, values.account);
      const product = values.product === undefined ? undefined : await resolveProduct(em, account.id, values.product);
      const result = await licenseStats(em, account.id, {
        productId: product?.id,
        now: new Date(),
        timeZone: account.timeZone,
        declinedNoteThreshold: account.denialThreshold,
      });
      if (format === 'csv') return writeStream(statsCsv(result), ctx.stdout);
      if (format === 'json') return writeJson(ctx.stdout, result);
      writeTables(ctx.stdout, [product ? licenseStatsTable(result, product.name) : productStatsTable(result)]);
    });
    return 0;
  },
};
