import { thresholdsOf } from '../../domain/flags.js';
import { UsageError } from '../../errors.js';
import { computeFlags } from '../../queries/flags.query.js';
import { flagsTables } from '../../reports/flags.report.js';
import type { Command } from '../command.js';

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
    const flags = await computeFlags(ctx.em, a.id, {
      now: ctx.now,
      timeZone: a.timeZone,
      thresholds: thresholdsOf(a),
    });
    const total =
      flags.idleSeats.length +
      flags.underusedPools.length +
      flags.frequentDenials.length +
      flags.outdatedVersions.length;
    return {
      title: 'License flags',
      text: total
        ? `${total} flag${total === 1 ? '' : 's'} to look at.`
        : 'Nothing to flag: no idle seats, under-used pools, frequent denials or outdated versions.',
      tables: flagsTables(flags, a.timeZone, ctx.now).filter((t) => t.rows.length > 0),
    };
  },
};
