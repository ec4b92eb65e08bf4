import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * A Teams conversation reference saved from an incoming activity, so reports and alerts can
 * be sent proactively to that channel or person later.
 */
export const ConversationReference = defineEntity({
  name: 'ConversationReference',
  tableName: 'conversation_reference',
  uniques: [{ name: 'conversation_reference_unique', properties: ['account', 'conversationId'] }],
  indexes: [{ name: 'conversation_reference_user_idx', properties: ['account', 'userId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    conversationId: p.string().length(500),
    /** Set for one-to-one chats, so a manager can be messaged directly. */
    userId: p.string().length(200).nullable(),
    reference: p.json<Record<string, unknown>>(),
    /** `personal`, `groupChat` or `channel`, as Teams names the conversation type. */
    kind: p.string().length(20).default('personal'),
    /** Set when Teams said the bot is gone from it (403 roster / 404 not found): nothing is posted there. */
    deadAt: p.datetime().nullable(),
    deadReason: p.string().length(500).nullable(),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type ConversationReference = InferEntity<typeof ConversationReference>;
