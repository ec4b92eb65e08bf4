import { importLicenseStats } from '../ingest/portal/license-stats.import.js';
import { importSessionHistory } from '../ingest/portal/session-history.import.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, UsageError, withAccount, writeLine } from './cli-command.js';
import { parseFormat, writeJson } from './report-output.js';

const usage = `licbot import licenses FILE.csv [--account SLUG] [--format text|json]   the portal's License Stats export
licbot import sessions FILE.csv [--account SLUG] [--format text|json]   the portal's Session History export (full view)
  All or nothing: a file with a bad row stores nothing and lists the rows to fix (exit 1).
  Running the same file again is safe: what is stored already is skipped as a duplicate.`;

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
    const { values, positionals } = parseFlags(rest, { ...ACCOUNT_FLAG, format: { type: 'string' } }, true);
    if (positionals.length !== 1) throw new UsageError(`import ${what} needs one CSV file.`);
    const format = parseFormat(values.format, ['text', 'json']);
    // A refused file is an ImportRefused (a UserError): the CLI's boundary prints its rows
    // to fix on stderr and exits 1, and the importer's transaction has stored nothing.
    const report = await withAccount(ctx.config, values.account, (em, account) =>
      importers[what](em, account.id, positionals[0]!, { hashSecret: ctx.config.HASH_SECRET }),
    );
    if (format === 'json') writeJson(ctx.stdout, report);
    else for (const line of report.lines()) writeLine(ctx.stdout, line);
    return 0;
  },
};
