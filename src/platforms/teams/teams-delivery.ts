import type { Activity, TurnContext } from 'botbuilder';
import type { Config } from '../../config.js';
import { type ChatDelivery, DeliveryRefused, type PostedMessage } from '../../core/delivery.js';
import type { Reply } from '../../core/reply.js';
import type { Orm } from '../../db/orm.js';
import type { Logger } from '../../logger.js';
import { renderTeamsCard, teamsFallbackText } from './adaptive-card.js';
import {
  findConversation,
  findPersonalChat,
  markConversationDead,
  type StoredConversation,
  saveConversation,
  tenantConversationFor,
} from './conversation-store.js';
import { createTeamsAdapter, type TeamsAuthOptions } from './teams-adapter.js';
import { connectorError, removedFromConversation, withoutRequest } from './teams-errors.js';
import { offerFiles } from './teams-files.js';

const RATE_LIMIT_ATTEMPTS = 6;
const MAX_RETRY_AFTER_SECONDS = 60;
const PUBLIC_CLOUD_AUDIENCE = 'https://api.botframework.com';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface TeamsDeliveryDeps {
  config: Config;
  logger: Logger;
  orm: Orm;
  now?: () => Date;
  auth?: TeamsAuthOptions;
}

/**
 * The Teams adapter of the delivery port: proactive posts through stored conversation
 * references (`continueConversationAsync`), 1:1 chats created when none is stored
 * (`createConversationAsync`). A 429 is waited out (Retry-After) and tried again, since Teams
 * posted nothing then. 403 BotNotInConversationRoster / 404 ConversationNotFound mark the
 * reference dead with the reason, and nothing is posted there again until the bot is back.
 * Files go out as LicBot download links inside the card. `findPosted` cannot look: a bot
 * cannot search a Teams conversation by a key (that needs Graph permissions LicBot does not
 * ask for), so the weekly report relies on the activity id it records right after posting.
 */
export function createTeamsDelivery(deps: TeamsDeliveryDeps): ChatDelivery {
  const { adapter, appId } = createTeamsAdapter(deps.config, deps.logger, deps.auth);
  const now = () => deps.now?.() ?? new Date();

  async function activityFor(accountId: number, reply: Reply): Promise<Partial<Activity>> {
    const offered = await offerFiles(deps.orm.em.fork(), deps.config, accountId, reply, now());
    return {
      type: 'message',
      summary: teamsFallbackText(offered.reply),
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: renderTeamsCard(offered.reply, { links: offered.links, images: offered.images }),
        },
      ],
    };
  }

  /**
   * Runs a proactive turn and rethrows what failed inside it: botbuilder hands an error of
   * the turn's logic to onTurnError and resolves, which would read as "sent".
   */
  async function turn(
    start: (logic: (context: TurnContext) => Promise<void>) => Promise<void>,
    logic: (context: TurnContext) => Promise<void>,
  ) {
    let failure: unknown;
    await start(async (context) => {
      try {
        await logic(context);
      } catch (error) {
        failure = error;
      }
    });
    if (failure) throw failure;
  }

  async function withRateLimit<T>(what: string, conversationId: string, fn: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const refused = removedFromConversation(error);
        if (refused) {
          await markConversationDead(deps.orm.em.fork(), conversationId, `${refused.code}: ${refused.reason}`, now());
          deps.logger.warn({ conversationId, code: refused.code }, 'Teams: LicBot was removed; no more posts there');
          throw refused;
        }
        const { status, retryAfterSeconds } = connectorError(error);
        if (status !== 429 || attempt >= RATE_LIMIT_ATTEMPTS) throw withoutRequest(error);
        const wait = Math.min(retryAfterSeconds ?? 2 ** attempt, MAX_RETRY_AFTER_SECONDS);
        deps.logger.info({ what, wait, attempt }, 'Teams rate limit: waiting before retrying');
        await sleep(wait * 1000);
      }
    }
  }

  async function postTo(stored: StoredConversation, reply: Reply): Promise<PostedMessage> {
    if (stored.deadAt)
      throw new DeliveryRefused(
        'bot_removed',
        `LicBot was removed from that Teams conversation (${stored.deadReason}).`,
      );
    const activity = await activityFor(stored.accountId, reply);
    let id = '';
    await withRateLimit('post', stored.conversationId, () =>
      turn(
        (logic) => adapter.continueConversationAsync(appId, stored.reference, logic),
        async (context) => {
          id = (await context.sendActivity(activity))?.id ?? '';
        },
      ),
    );
    return { messageTs: id, channel: stored.conversationId };
  }

  async function createChat(userId: string, reply: Reply): Promise<PostedMessage> {
    const known = await tenantConversationFor(deps.orm.em.fork(), userId);
    const reference = known?.reference;
    const tenantId = (reference?.conversation as { tenantId?: string } | undefined)?.tenantId;
    if (!known || !reference?.serviceUrl || !reference.bot)
      throw new DeliveryRefused(
        'no_conversation',
        'LicBot has no Teams conversation in that tenant yet: install the app for the person or a team first.',
      );
    const activity = await activityFor(known.accountId, reply);
    let posted: PostedMessage = { messageTs: '', channel: '' };
    const parameters = {
      isGroup: false,
      bot: reference.bot,
      members: [{ id: userId, name: '' }],
      tenantId,
      channelData: { tenant: { id: tenantId } },
    };
    await withRateLimit('create chat', '', () =>
      turn(
        (logic) =>
          adapter.createConversationAsync(
            appId,
            'msteams',
            reference.serviceUrl as string,
            PUBLIC_CLOUD_AUDIENCE,
            parameters as never,
            logic,
          ),
        async (context) => {
          const conversationId = context.activity.conversation.id;
          await saveConversation(deps.orm.em.fork(), known.accountId, {
            conversationId,
            kind: 'personal',
            userId,
            reference: { ...reference, conversation: context.activity.conversation, user: { id: userId } as never },
          });
          posted = { messageTs: (await context.sendActivity(activity))?.id ?? '', channel: conversationId };
        },
      ),
    );
    return posted;
  }

  async function stored(conversationId: string): Promise<StoredConversation> {
    const found = await findConversation(deps.orm.em.fork(), conversationId);
    if (!found)
      throw new DeliveryRefused(
        'conversation_unknown',
        'LicBot has not been added to that Teams conversation: add it there (or type a command there once).',
      );
    return found;
  }

  return {
    platform: 'teams',
    async postToChannel(channel, reply) {
      return postTo(await stored(channel), reply);
    },
    async uploadFiles(channel, files) {
      if (files.length === 0) return;
      await postTo(await stored(channel), { text: 'The CSV of the message above:', files });
    },
    async findPosted() {
      return undefined;
    },
    async sendDirect(userId, reply) {
      const chat = await findPersonalChat(deps.orm.em.fork(), userId);
      if (chat && !chat.deadAt) return postTo(chat, reply);
      return createChat(userId, reply);
    },
  };
}
