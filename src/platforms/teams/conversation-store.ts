import type { EntityManager } from '@mikro-orm/postgresql';
import type { ConversationReference as BotReference } from 'botbuilder';

/** A stored reference, as proactive posts need it. */
export interface StoredConversation {
  accountId: number;
  conversationId: string;
  kind: string;
  reference: Partial<BotReference>;
  deadAt: Date | null;
  deadReason: string | null;
}

type Row = {
  account_id: number;
  conversation_id: string;
  kind: string;
  reference: Partial<BotReference>;
  dead_at: Date | null;
  dead_reason: string | null;
};

const toStored = (r: Row): StoredConversation => ({
  accountId: r.account_id,
  conversationId: r.conversation_id,
  kind: r.kind,
  reference: r.reference,
  deadAt: r.dead_at,
  deadReason: r.dead_reason,
});

/**
 * Saves (or refreshes) where the bot can post later. A conversation that speaks to the bot
 * again is alive again: reinstalling the bot undoes an earlier "removed".
 */
export async function saveConversation(
  em: EntityManager,
  accountId: number,
  entry: { conversationId: string; kind: string; userId?: string; reference: Partial<BotReference> },
): Promise<void> {
  await em.execute(
    `insert into conversation_reference (account_id, conversation_id, user_id, kind, reference, updated_at)
     values (?, ?, ?, ?, ?::jsonb, now())
     on conflict (account_id, conversation_id) do update set
       reference = excluded.reference, kind = excluded.kind,
       user_id = coalesce(excluded.user_id, conversation_reference.user_id),
       updated_at = now(), dead_at = null, dead_reason = null`,
    [accountId, entry.conversationId, entry.userId ?? null, entry.kind, JSON.stringify(entry.reference)],
  );
}

/** The reference of a conversation (Teams conversation ids are unique across tenants). */
export async function findConversation(
  em: EntityManager,
  conversationId: string,
): Promise<StoredConversation | undefined> {
  const [row] = await em.execute<Row[]>(
    'select * from conversation_reference where conversation_id = ? order by updated_at desc limit 1',
    [conversationId],
  );
  return row ? toStored(row) : undefined;
}

/** The 1:1 chat with a person, when the bot has one. */
export async function findPersonalChat(em: EntityManager, userId: string): Promise<StoredConversation | undefined> {
  const [row] = await em.execute<Row[]>(
    `select * from conversation_reference where user_id = ? and kind = 'personal'
      order by dead_at nulls first, updated_at desc limit 1`,
    [userId],
  );
  return row ? toStored(row) : undefined;
}

/**
 * A live conversation in the person's tenant, to learn the service URL and tenant a new 1:1
 * chat is created in: one of an account where they hold a role, else any when the install
 * serves a single tenant (config admins hold no role row).
 */
export async function tenantConversationFor(
  em: EntityManager,
  userId: string,
): Promise<StoredConversation | undefined> {
  const [row] = await em.execute<Row[]>(
    `select c.* from conversation_reference c
      where c.dead_at is null
        and (c.account_id in (select account_id from role_assignment where platform = 'teams' and user_id = ?)
          or (select count(distinct reference->'conversation'->>'tenantId') from conversation_reference) = 1)
      order by c.updated_at desc limit 1`,
    [userId],
  );
  return row ? toStored(row) : undefined;
}

/** Teams said the bot is gone from the conversation: stop posting there, and keep why. */
export async function markConversationDead(
  em: EntityManager,
  conversationId: string,
  reason: string,
  at: Date,
): Promise<boolean> {
  const rows = await em.execute<{ id: number }[]>(
    `update conversation_reference set dead_at = ?, dead_reason = ?
      where conversation_id = ? and dead_at is null returning id`,
    [at, reason.slice(0, 500), conversationId],
  );
  return rows.length > 0;
}
