import { requireAccount } from '../accounts/account.service.js';
import { thresholdsOf } from '../domain/flags.js';
import { computeFlags } from '../queries/flags.query.js';
import { flagsTables } from '../reports/flags.report.js';
import { type CliCommand, parseFlags, withEm } from './cli-command.js';
import { parseFormat, writeJson, writeTables } from './report-output.js';

const usage = `licbot flags [--account SLUG] [--format text|json]
  Idle seats, under-used MUL pools, frequent denials and outdated versions, with the
  account's thresholds; every flag carries its numbers and the window it was computed on.`;

export const flagsCommand: CliCommand = {
  name: 'flags',
  summary: 'idle seats, under-used pools, frequent denials, outdated versions',
  usage,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      account: { type: 'string', default: 'default' },
      format: { type: 'string' },
    });
    const format = parseFormat(values.format, ['text', 'json']);
    await withEm(ctx.config, async (em) => {
      const account = await requireAccount(em, values.account);
      const now = new Date();
      const flags = await computeFlags(em, account.id, {
        thresholds: thresholdsOf(account),
        now,
        timeZone: account.timeZone,
      });
      if (format === 'json') return writeJson(ctx.stdout, flags);
      writeTables(ctx.stdout, flagsTables(flags, account.timeZone, now));
    });
    return 0;
  },
};
