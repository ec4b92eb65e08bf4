import { RESET_NOTE } from '../domain/license-status.js';
import { plural } from '../domain/plural.js';
import { formatZoned } from '../domain/time-zone.js';
import { visibleText } from '../domain/visible-text.js';
import { type ResetScope, resetStats, undoLastReset } from '../ingest/stats-reset.js';
import { resolveLicenseByPrefix } from '../queries/licenses.query.js';
import { resolveProduct } from '../queries/products.query.js';
import { countersBeforeTable } from '../reports/stats.report.js';
import { ACCOUNT_FLAG, type CliCommand, parseFlags, UsageError, withAccount, writeLine } from './cli-command.js';
import { writeTables } from './report-output.js';

const usage = `licbot reset --product NAME --by EMAIL [--account SLUG]
licbot reset --license AC_PREFIX [--product NAME] --by EMAIL [--account SLUG]
licbot reset --all --by EMAIL [--account SLUG]
licbot reset --undo --by EMAIL [--account SLUG]
  Sets the usage counters to zero without deleting any event; the counters just before are
  recorded with who and when. --undo undoes the last reset. HWK licenses have no counters.`;

export const resetCommand: CliCommand = {
  name: 'reset',
  summary: 'reset the usage counters of a product, a license or all (or undo the last reset)',
  usage,
  async run(argv, ctx) {
    const { values } = parseFlags(argv, {
      ...ACCOUNT_FLAG,
      product: { type: 'string' },
      license: { type: 'string' },
      all: { type: 'boolean', default: false },
      undo: { type: 'boolean', default: false },
      by: { type: 'string' },
    });
    const chosen = [values.license !== undefined || values.product !== undefined, values.all, values.undo];
    if (chosen.filter(Boolean).length !== 1) {
      throw new UsageError('Choose exactly one of --product NAME, --license AC_PREFIX, --all or --undo.');
    }
    const by = values.by?.trim();
    if (!by || !/^[^\s@]+@[^\s@]+$/.test(by)) {
      throw new UsageError('--by must give the email of the admin making the change (it goes to the audit log).');
    }
    await withAccount(ctx.config, values.account, async (em, account) => {
      const zone = account.timeZone;
      if (values.undo) {
        const undone = await undoLastReset(em, account.id, by);
        writeLine(
          ctx.stdout,
          visibleText(
            `Undid reset #${undone.resetId} (${undone.scope}, ${plural(undone.licenses, 'license')}) made by ${undone.byUser} at ${formatZoned(undone.at, zone)}.`,
          ),
        );
        writeLine(ctx.stdout, 'Counting for those licenses goes back to the reset before it (or to the beginning).');
        return;
      }
      const product = values.product === undefined ? undefined : await resolveProduct(em, account.id, values.product);
      let scope: ResetScope = { kind: 'all' };
      if (values.license !== undefined) {
        scope = {
          kind: 'license',
          licenseId: (await resolveLicenseByPrefix(em, account.id, values.license, product?.id)).id,
        };
      } else if (product) {
        scope = { kind: 'product', productId: product.id };
      }
      const reset = await resetStats(em, account.id, scope, by);
      writeLine(
        ctx.stdout,
        visibleText(
          `Reset the counters of ${reset.scope} (${plural(reset.licenses.length, 'license')}) at ${formatZoned(reset.at, zone)} by ${reset.byUser} (reset #${reset.resetId}).`,
        ),
      );
      const notes = [RESET_NOTE, 'Undo with: licbot reset --undo --by EMAIL'];
      if (reset.skippedHwk) notes.unshift(`Skipped ${reset.skippedHwk} HWK license(s): they have no counters.`);
      writeTables(ctx.stdout, [countersBeforeTable(reset.licenses, notes)]);
    });
    return 0;
  },
};
