import { viewLicenseStats } from '../core/use-cases/license-stats.use-case.js';
import { licenseStatsTable, productStatsTable, statsCsv } from '../reports/stats.report.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, withAccount } from './cli-command.js';
import { parseFormat, writeJson, writeStream, writeTables } from './report-output.js';

const usage = `licbot stats [--account SLUG] [--product NAME] [--format text|csv|json]
  Without --product: one row per product. With it: one row per license (activation code).
  csv: one row per license, as the portal's License Stats export. Product names match by unique prefix.`;

export const statsCommand: CliCommand = {
  name: 'stats',
  summary: 'license stats: seats, expiry, activations and usage counters since the last reset',
  usage,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, { ...ACCOUNT_FLAG, product: { type: 'string' }, format: { type: 'string' } });
    const format = parseFormat(values.format, ['text', 'csv', 'json']);
    await withAccount(ctx.config, values.account, async (em, account) => {
      const { product, result } = await viewLicenseStats(em, account, { product: values.product, now: new Date() });
      if (format === 'csv') return writeStream(statsCsv(result), ctx.stdout);
      if (format === 'json') return writeJson(ctx.stdout, result);
      writeTables(ctx.stdout, [product ? licenseStatsTable(result, product.name) : productStatsTable(result)]);
    });
    return 0;
  },
};
