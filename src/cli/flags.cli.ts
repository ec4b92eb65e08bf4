import { viewFlags } from '../core/use-cases/flags.use-case.js';
import { flagsTables } from '../reports/flags.report.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, withAccount } from './cli-command.js';
import { parseFormat, writeJson, writeTables } from './report-output.js';

const usage = `licbot flags [--account SLUG] [--format text|json]
  Idle seats, under-used MUL pools, frequent denials and outdated versions, with the
  account's thresholds; every flag carries its numbers and the window it was computed on.`;

export const flagsCommand: CliCommand = {
  name: 'flags',
  summary: 'idle seats, under-used pools, frequent denials, outdated versions',
  usage,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, { ...ACCOUNT_FLAG, format: { type: 'string' } });
    const format = parseFormat(values.format, ['text', 'json']);
    await withAccount(ctx.config, values.account, async (em, account) => {
      const now = new Date();
      const flags = await viewFlags(em, account, now);
      if (format === 'json') return writeJson(ctx.stdout, flags);
      writeTables(ctx.stdout, flagsTables(flags, account.timeZone, now));
    });
    return 0;
  },
};
