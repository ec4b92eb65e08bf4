import { importLicenseStats } from '../ingest/portal/license-stats.import.js';
import { importSessionHistory } from '../ingest/portal/session-history.import.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, UsageError, withAccount, writeLine } from './cli-command.js';

const usage = `licbot import licenses FILE.csv [--account SLUG]   the portal's License Stats export
licbot import sessions FILE.csv [--account SLUG]   the portal's Session History export (full view)`;

const importers = { licenses: importLicenseStats, sessions: importSessionHistory };

export const importCommand: CliCommand = {
  name: 'import',
  summary: "import the license portal's CSV exports (License Stats, Session History)",
  usage,
  async run(argv, ctx) {
    const [what, ...rest] = argv;
    if (what !== 'licenses' && what !== 'sessions') {
      throw new UsageError(what ? `Cannot import "${what}".` : 'import needs what to import: licenses or sessions.');
    }
    const { values, positionals } = parseFlags(rest, ACCOUNT_FLAG, true);
    if (positionals.length !== 1) throw new UsageError(`import ${what} needs one CSV file.`);
    const report = await withAccount(ctx.config, values.account, (em, account) =>
      importers[what](em, account.id, positionals[0]!, { hashSecret: ctx.config.HASH_SECRET }),
    );
    for (const line of report.lines()) writeLine(ctx.stdout, line);
    // Non-zero when rows were left out, so a script notices; fixing them and running the
    // same file again is safe (imported rows are skipped as duplicates).
    return report.rejected ? 1 : 0;
  },
};
