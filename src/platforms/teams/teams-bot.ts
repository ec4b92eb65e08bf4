import type { Activity, Attachment, TurnContext } from 'botbuilder';
import { CardFactory, TeamsInfo, TurnContext as Turn } from 'botbuilder';
import { resolveLinkedAccount } from '../../accounts/workspace-link.service.js';
import { runButtonPress } from '../../core/buttons.js';
import { type ChatDeps, runTypedCommand } from '../../core/chat-entry.js';
import type { Reply } from '../../core/reply.js';
import { type CardOptions, renderTeamsCard, type SubmitData, teamsFallbackText } from './adaptive-card.js';
import { parseCommandText } from './command-text.js';
import { markConversationDead, saveConversation } from './conversation-store.js';
import { consentCards, offerFiles, uploadAccepted } from './teams-files.js';

/** Who and where an activity comes from, in LicBot's terms. */
export function whereFrom(activity: Partial<Activity>) {
  const channelData = (activity.channelData ?? {}) as {
    tenant?: { id?: string };
    channel?: { id?: string; name?: string };
  };
  const kind = activity.conversation?.conversationType ?? 'personal';
  // A channel message's conversation id names its thread (`…;messageid=…`); posts go to the channel.
  const conversationId = channelData.channel?.id ?? (activity.conversation?.id ?? '').split(';')[0] ?? '';
  return {
    tenantId: channelData.tenant?.id ?? activity.conversation?.tenantId ?? activity.channelId ?? 'unknown',
    // The AAD object id is the person across Teams; the emulator has none and uses its own ids.
    userId: activity.from?.aadObjectId ?? activity.from?.id ?? '',
    userName: activity.from?.name,
    kind,
    conversationId,
    channelName: channelData.channel?.name,
  };
}

/** Remembers where the bot can post later (reports, alerts, large exports). */
async function remember(deps: ChatDeps, context: TurnContext): Promise<number | undefined> {
  const from = whereFrom(context.activity);
  const em = deps.orm.em.fork();
  const account = await resolveLinkedAccount(em, 'teams', from.tenantId);
  if (!account) return undefined;
  const reference = Turn.getConversationReference(context.activity);
  await saveConversation(em, account.id, {
    conversationId: from.conversationId,
    kind: from.kind,
    userId: from.kind === 'personal' ? from.userId : undefined,
    reference: { ...reference, conversation: { ...reference.conversation, id: from.conversationId } as never },
  });
  return account.id;
}

/** Other people mentioned (`admins add @Bob`) become `<@aadObjectId|Bob>`, the neutral mention core reads. */
async function commandText(context: TurnContext): Promise<string> {
  let text = Turn.removeRecipientMention(context.activity) ?? context.activity.text ?? '';
  for (const entity of context.activity.entities ?? []) {
    const mentioned = entity.mentioned as { id?: string; name?: string } | undefined;
    if (entity.type !== 'mention' || !mentioned?.id || mentioned.id === context.activity.recipient?.id) continue;
    const member = await TeamsInfo.getMember(context, mentioned.id).catch(() => undefined);
    const id = member?.aadObjectId ?? mentioned.id;
    text = text.replace(String(entity.text ?? ''), `<@${id}|${mentioned.name ?? ''}>`);
  }
  return text;
}

function cardActivity(reply: Reply, options: CardOptions = {}, extra: Attachment[] = []) {
  return {
    type: 'message',
    summary: teamsFallbackText(reply),
    attachments: [CardFactory.adaptiveCard(renderTeamsCard(reply, options)), ...extra],
  };
}

/** Sends a reply as a card, its files as download links (and a consent card in personal chat). */
async function send(
  deps: ChatDeps,
  context: TurnContext,
  accountId: number | undefined,
  reply: Reply,
  replace?: string,
) {
  const now = deps.now?.() ?? new Date();
  const offered =
    accountId && reply.files?.length
      ? await offerFiles(deps.orm.em.fork(), deps.config, accountId, reply, now)
      : { reply: { ...reply, files: undefined }, links: [], images: [] };
  const personal = whereFrom(context.activity).kind === 'personal';
  const activity = cardActivity(
    offered.reply,
    { links: offered.links, images: offered.images },
    personal ? consentCards(offered.links) : [],
  );
  if (replace) await context.updateActivity({ ...activity, id: replace });
  else await context.sendActivity(activity);
}

async function onMessage(deps: ChatDeps, context: TurnContext, accountId: number | undefined) {
  const from = whereFrom(context.activity);
  const base = {
    platform: 'teams' as const,
    workspaceId: from.tenantId,
    userId: from.userId,
    userName: from.userName,
    channelId: from.conversationId,
    channelName: from.channelName,
    replyTo: { platform: 'teams' as const, conversationId: from.conversationId },
  };
  const value = context.activity.value as Partial<SubmitData> | undefined;
  if (value && typeof value.licbot === 'string') {
    const reply = await runButtonPress(deps, { ...base, actionId: value.licbot, value: String(value.value ?? '') });
    // The card that held the button shows the outcome in its place.
    const replace = reply.replaceOriginal ? context.activity.replyToId : undefined;
    await send(deps, context, accountId, reply, replace);
    return;
  }
  const parsed = parseCommandText(await commandText(context));
  const reply = await runTypedCommand(deps, {
    ...base,
    command: parsed?.command ?? 'licstats',
    text: parsed ? parsed.text : 'help',
  });
  await send(deps, context, accountId, reply);
}

async function onFileConsent(deps: ChatDeps, context: TurnContext) {
  const value = context.activity.value as { action?: string } & Parameters<typeof uploadAccepted>[2];
  const now = deps.now?.() ?? new Date();
  if (value?.action === 'accept') {
    const card = await uploadAccepted(deps.orm.em.fork(), deps.config, value, now);
    await context.sendActivity(
      card
        ? { type: 'message', attachments: [card] }
        : { type: 'message', text: 'That file has expired; ask LicBot for it again.' },
    );
  }
  await context.sendActivity({ type: 'invokeResponse', value: { status: 200 } });
}

/** The bot's whole turn: commands, button presses, installs and removals, file consent. */
export function teamsTurnHandler(deps: ChatDeps) {
  return async (context: TurnContext): Promise<void> => {
    const activity = context.activity;
    const botId = activity.recipient?.id;
    if (activity.type === 'message') {
      const accountId = await remember(deps, context);
      await onMessage(deps, context, accountId);
    } else if (activity.type === 'invoke' && activity.name === 'fileConsent/invoke') {
      await onFileConsent(deps, context);
    } else if (activity.type === 'conversationUpdate' || activity.type === 'installationUpdate') {
      const added = activity.membersAdded?.some((m) => m.id === botId) || activity.action === 'add';
      const removed = activity.membersRemoved?.some((m) => m.id === botId) || activity.action === 'remove';
      if (added) await remember(deps, context);
      if (removed) await forget(deps, context);
    }
  };
}

/** Uninstalled or removed: nothing is posted there any more, and the row says why. */
async function forget(deps: ChatDeps, context: TurnContext) {
  const from = whereFrom(context.activity);
  await markConversationDead(
    deps.orm.em.fork(),
    from.conversationId,
    `LicBot was removed from the ${from.kind === 'channel' ? 'team' : 'conversation'} (${context.activity.type})`,
    deps.now?.() ?? new Date(),
  );
}
