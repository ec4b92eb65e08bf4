import { plural } from '../../domain/plural.js';
import { UsageError } from '../../errors.js';
import { flagsTables } from '../../reports/flags.report.js';
import type { Command } from '../command.js';
import { viewFlags } from '../use-cases/flags.use-case.js';

/** `/licstats flags`: idle seats, under-used pools, frequent denials, outdated versions. */
export const flagsCommand: Command<null> = {
  name: 'licstats flags',
  usage: '/licstats flags',
  summary: 'idle seats, under-used pools, frequent denials, outdated versions',
  role: 'manager',
  parse(args) {
    if (args.length) throw new UsageError(`Unexpected "${args[0]}".`, 'Usage: /licstats flags');
    return null;
  },
  async run(_parsed, request, ctx) {
    const a = request.account;
    const flags = await viewFlags(ctx.em, a, ctx.now);
    const total =
      flags.idleSeats.length +
      flags.underusedPools.length +
      flags.frequentDenials.length +
      flags.outdatedVersions.length;
    return {
      title: 'License flags',
      text: total
        ? `${plural(total, 'flag')} to look at.`
        : 'Nothing to flag: no idle seats, under-used pools, frequent denials or outdated versions.',
      tables: flagsTables(flags, a.timeZone, ctx.now).filter((t) => t.rows.length > 0),
    };
  },
};
