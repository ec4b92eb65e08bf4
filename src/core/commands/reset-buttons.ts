import type { EntityManager } from '@mikro-orm/postgresql';
import { requireLinkedAccount } from '../../accounts/workspace-link.service.js';
import { RESET_NOTE } from '../../domain/license-status.js';
import { plural } from '../../domain/plural.js';
import { formatZoned } from '../../domain/time-zone.js';
import { type ResetScope, resetStats, undoLastReset } from '../../ingest/stats-reset.js';
import { countersBeforeTable } from '../../reports/stats.report.js';
import type { ButtonHandler, ButtonPress } from '../button-types.js';
import type { ChatDeps } from '../chat-types.js';
import { type Claim, claimPendingAction, PENDING_ACTION_TTL_MINUTES } from '../pending-actions.js';
import type { Reply } from '../reply.js';
import { strong } from '../rich-text.js';
import { mention, requireRole } from '../roles.js';

export const RESET_ACTIONS = { kind: 'stats.reset', confirm: 'licbot:reset-confirm', cancel: 'licbot:reset-cancel' };
export const UNDO_ACTIONS = { kind: 'stats.undo', confirm: 'licbot:undo-confirm', cancel: 'licbot:undo-cancel' };

/** The presser's account and a fresh role check: a button can be pressed by anyone who sees it. */
async function asAdmin(deps: ChatDeps, press: ButtonPress, what: string) {
  const em = deps.orm.em.fork();
  const account = await requireLinkedAccount(em, press.platform, press.workspaceId);
  await requireRole(
    em,
    { account, platform: press.platform, userId: press.userId, command: 'licstats', args: [] },
    'admin',
    deps.config.ADMINS,
    what,
  );
  return { em, account, actor: `${press.platform}:${press.userId}`, now: deps.now?.() ?? new Date() };
}

/** What to say when the claim did not go through; undefined when it did. */
function unclaimed(claim: Claim, zone: string, again: string): Reply | undefined {
  if (claim.status === 'claimed') return undefined;
  if (claim.status === 'used') {
    const who = claim.usedBy?.split(':')[1];
    const when = claim.usedAt ? ` at ${formatZoned(claim.usedAt, zone)}` : '';
    return {
      text: `This was already answered${who ? ` by ${mention(who)}` : ''}${when}; nothing more was done.`,
      replaceOriginal: true,
    };
  }
  if (claim.status === 'expired')
    return {
      text: `These buttons expired after ${PENDING_ACTION_TTL_MINUTES} minutes; nothing was changed. Run ${again} again.`,
      replaceOriginal: true,
    };
  return { text: `That confirmation is unknown; nothing was changed. Run ${again} again.`, replaceOriginal: true };
}

async function claim(
  em: EntityManager,
  ctx: Awaited<ReturnType<typeof asAdmin>>,
  press: ButtonPress,
  kind: string,
): Promise<Claim> {
  return claimPendingAction(em, ctx.account, press.value, kind, ctx.actor, ctx.now);
}

const confirmReset: ButtonHandler = async (deps, press) => {
  const ctx = await asAdmin(deps, press, 'Confirming a reset');
  const zone = ctx.account.timeZone;
  // Claim and reset commit together: a failed reset leaves the button usable.
  return ctx.em.transactional(async (tx) => {
    const claimed = await claim(tx, ctx, press, RESET_ACTIONS.kind);
    const refused = unclaimed(claimed, zone, '/licstats reset');
    if (refused || claimed.status !== 'claimed') return refused as Reply;
    const { scope, label } = claimed.payload as { scope: ResetScope; label: string };
    const record = await resetStats(tx, ctx.account.id, scope, ctx.actor);
    return {
      title: `Counters reset: ${label}`,
      text: `${mention(press.userId)} reset ${plural(record.licenses.length, 'license')} at ${formatZoned(record.at, zone)}. Counting starts again from now.`,
      tables: [
        countersBeforeTable(
          record.licenses,
          record.skippedHwk ? [`${record.skippedHwk} HWK license(s) skipped: they have no counters.`] : [],
        ),
      ],
      notes: [
        { level: 'info', text: RESET_NOTE },
        { level: 'info', text: 'Changed your mind? /licstats undo-reset' },
      ],
      replaceOriginal: true,
    };
  });
};

const confirmUndo: ButtonHandler = async (deps, press) => {
  const ctx = await asAdmin(deps, press, 'Confirming an undo');
  const zone = ctx.account.timeZone;
  return ctx.em.transactional(async (tx) => {
    const claimed = await claim(tx, ctx, press, UNDO_ACTIONS.kind);
    const refused = unclaimed(claimed, zone, '/licstats undo-reset');
    if (refused || claimed.status !== 'claimed') return refused as Reply;
    // Undo exactly the reset that was shown, not one made since (checked under the account lock).
    const shown = (claimed.payload as { resetId: number }).resetId;
    const undone = await undoLastReset(tx, ctx.account.id, ctx.actor, shown);
    return {
      title: 'Reset undone',
      text: `${mention(press.userId)} undid the reset of ${strong(undone.scope)} (${plural(undone.licenses, 'license')}) made by ${undone.byUser} at ${formatZoned(undone.at, zone)}. The counters include those events again.`,
      replaceOriginal: true,
    };
  });
};

function cancel(kind: string, again: string): ButtonHandler {
  return async (deps, press) => {
    const ctx = await asAdmin(deps, press, 'Cancelling');
    const claimed = await claim(ctx.em, ctx, press, kind);
    return (
      unclaimed(claimed, ctx.account.timeZone, again) ?? {
        text: 'Cancelled; nothing was changed.',
        replaceOriginal: true,
      }
    );
  };
}

export const resetButtonHandlers: [string, ButtonHandler][] = [
  [RESET_ACTIONS.confirm, confirmReset],
  [RESET_ACTIONS.cancel, cancel(RESET_ACTIONS.kind, '/licstats reset')],
  [UNDO_ACTIONS.confirm, confirmUndo],
  [UNDO_ACTIONS.cancel, cancel(UNDO_ACTIONS.kind, '/licstats undo-reset')],
];
