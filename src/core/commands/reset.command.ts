import { plural } from '../../domain/plural.js';
import { formatZoned } from '../../domain/time-zone.js';
import { UsageError, UserError } from '../../errors.js';
import { lastReset, NO_RESET_TO_UNDO, type ResetScope } from '../../ingest/stats-reset.js';
import { licenseStatsTable } from '../../reports/stats.report.js';
import type { Command } from '../command.js';
import { createPendingAction, PENDING_ACTION_TTL_MINUTES } from '../pending-actions.js';
import { productNamed } from '../product-arg.js';
import type { ReplyButton, ReplyNote } from '../reply.js';
import { strong } from '../rich-text.js';
import { viewLicenseStats } from '../use-cases/license-stats.use-case.js';
import { RESET_ACTIONS, UNDO_ACTIONS } from './reset-buttons.js';

const BUTTONS_EXPIRE: ReplyNote = {
  level: 'info',
  text: `The buttons work for ${PENDING_ACTION_TTL_MINUTES} minutes.`,
};

function confirmButtons(actions: { confirm: string; cancel: string }, pendingId: string, what: string): ReplyButton[] {
  return [
    {
      actionId: actions.confirm,
      label: 'Confirm',
      value: pendingId,
      style: 'danger',
      confirm: { title: 'Are you sure?', text: what, confirm: 'Yes, do it', deny: 'No' },
    },
    { actionId: actions.cancel, label: 'Cancel', value: pendingId },
  ];
}

/**
 * `/licstats reset <product>|all`: shows the counters about to be zeroed and asks for a
 * confirmation; the Confirm button (reset-buttons.ts) does the reset.
 */
export const resetCommand: Command<{ words: string[] }> = {
  name: 'licstats reset',
  usage: '/licstats reset <product>|all',
  summary: 'zero the usage counters (asks to confirm; audited; undoable)',
  role: 'admin',
  parse(args) {
    if (args.length === 0) throw new UsageError('Say what to reset.', 'Usage: /licstats reset <product>|all');
    return { words: args };
  },
  async run({ words }, request, ctx) {
    const all = words.length === 1 && words[0]?.toLowerCase() === 'all';
    const ask = { product: all ? undefined : productNamed(words), now: ctx.now };
    const { product, result: stats } = await viewLicenseStats(ctx.em, request.account, ask);
    const scope: ResetScope = product ? { kind: 'product', productId: product.id } : { kind: 'all' };
    const label = product?.name ?? 'all products';
    const countable = stats.licenses.filter((l) => l.type !== 'HWK');
    if (countable.length === 0)
      throw new UserError(`${label} has no SUL or MUL licenses to reset.`, 'HWK licenses have no counters.');
    const pendingId = await createPendingAction(
      ctx.em,
      request.account,
      RESET_ACTIONS.kind,
      { scope, label },
      `${request.platform}:${request.userId}`,
      ctx.now,
    );
    const table = licenseStatsTable({ ...stats, licenses: countable }, product?.name);
    return {
      title: `Reset the counters of ${label}?`,
      text: `These ${plural(countable.length, 'license')} will count from zero. No event is deleted: the reset is recorded with these numbers and can be undone.`,
      tables: [{ ...table, title: 'Counters that will be zeroed', notes: [] }],
      notes: [BUTTONS_EXPIRE],
      buttons: confirmButtons(RESET_ACTIONS, pendingId, `Zero the counters of ${label}?`),
    };
  },
};

/** `/licstats undo-reset`: shows the last reset and asks to confirm undoing it. */
export const undoResetCommand: Command<null> = {
  name: 'licstats undo-reset',
  usage: '/licstats undo-reset',
  summary: 'undo the last reset (asks to confirm)',
  role: 'admin',
  parse(args) {
    if (args.length) throw new UsageError(`Unexpected "${args[0]}".`, 'Usage: /licstats undo-reset');
    return null;
  },
  async run(_parsed, request, ctx) {
    const last = await lastReset(ctx.em, request.account.id);
    if (!last) throw NO_RESET_TO_UNDO;
    const when = formatZoned(last.at, request.account.timeZone);
    const pendingId = await createPendingAction(
      ctx.em,
      request.account,
      UNDO_ACTIONS.kind,
      { resetId: last.resetId },
      `${request.platform}:${request.userId}`,
      ctx.now,
    );
    return {
      title: 'Undo the last reset?',
      text: `Reset of ${strong(last.scope)} (${plural(last.licenses, 'license')}) by ${last.byUser} at ${when}. Undoing it brings back the counts from before it.`,
      notes: [BUTTONS_EXPIRE],
      buttons: confirmButtons(UNDO_ACTIONS, pendingId, `Undo the reset of ${last.scope} made at ${when}?`),
    };
  },
};
