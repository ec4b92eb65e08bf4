import { sessionHistoryScope } from '../core/use-cases/session-history.use-case.js';
import { CLI_WINDOW_FIELDS, type TimeWindow } from '../domain/time-window.js';
import { typedEmail } from '../domain/typed-input.js';
import { sessionHistoryCondensed, sessionHistoryFull } from '../queries/session-history.query.js';
import {
  exportSessionsFull,
  sessionsCondensedCsv,
  sessionsCondensedTable,
  sessionsFullTables,
  windowText,
} from '../reports/sessions.report.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, UsageError, withAccount } from './cli-command.js';
import { parseFormat, parsePositiveInt, writeJson, writeStream, writeTables } from './report-output.js';

const usage = `licbot sessions [--account SLUG] [--view full|condensed] [--product NAME] [--user EMAIL]
                [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--format text|csv|json] [--limit N]
  Sessions that started in the window (default: the last 3 months, ending now), dates in the
  account's time zone. HWK licenses and users deactivated within the window are left out.
  --limit caps the rows of the full view in text (default 100) and json; csv has every row.`;

export const sessionsCommand: CliCommand = {
  name: 'sessions',
  summary: 'session history: full (active, then closed) or condensed per user and program',
  usage,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      ...ACCOUNT_FLAG,
      view: { type: 'string', default: 'full' },
      product: { type: 'string' },
      user: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      limit: { type: 'string' },
    });
    const view = values.view.toLowerCase();
    if (view !== 'full' && view !== 'condensed') {
      throw new UsageError(`--view must be full or condensed (got "${values.view}").`);
    }
    const format = parseFormat(values.format, ['text', 'csv', 'json']);
    const limit = parsePositiveInt('limit', values.limit) ?? (format === 'text' ? 100 : undefined);
    const user = values.user === undefined ? undefined : typedEmail(values.user, '--user');
    // An address that matched nothing may be a typo or an old address: say how --user matches.
    const none = (window: TimeWindow, zone: string) =>
      user
        ? `No sessions of ${user} started in ${windowText(window, zone)}. --user matches the whole email address (in any case).\n`
        : `No sessions started in ${windowText(window, zone)}.\n`;
    await withAccount(ctx.config, values.account, async (em, account) => {
      const zone = account.timeZone;
      const { window, filters } = await sessionHistoryScope(em, account, {
        from: values.from,
        to: values.to,
        product: values.product,
        user,
        now: new Date(),
        fields: CLI_WINDOW_FIELDS,
      });
      if (view === 'condensed') {
        const rows = await sessionHistoryCondensed(em, account.id, filters);
        if (format === 'csv') return writeStream(sessionsCondensedCsv(rows), ctx.stdout);
        if (format === 'json') return writeJson(ctx.stdout, { window, timeZone: zone, rows });
        writeTables(ctx.stdout, [sessionsCondensedTable(rows, window, zone)]);
        if (rows.length === 0) ctx.stdout.write(none(window, zone));
        return;
      }
      if (format === 'csv') return writeStream(exportSessionsFull(em, account.id, filters, zone), ctx.stdout);
      const full = await sessionHistoryFull(em, account.id, filters, limit);
      if (format === 'json') return writeJson(ctx.stdout, { window, timeZone: zone, ...full });
      writeTables(ctx.stdout, sessionsFullTables(full, window, zone));
      if (full.totalActive + full.totalClosed === 0) {
        ctx.stdout.write(none(window, zone));
      }
    });
    return 0;
  },
};
