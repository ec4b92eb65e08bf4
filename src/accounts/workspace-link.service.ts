import type { EntityManager } from '@mikro-orm/postgresql';
import { type Account, Account as AccountEntity, AuditLog, WorkspaceLink } from '../db/entities/index.js';
import { UserError } from '../errors.js';

export type ChatPlatform = 'slack' | 'teams';

/**
 * The account a Slack workspace (team id) or Teams tenant belongs to. A single-account
 * install links its first workspace automatically; anything else needs `licbot link`.
 */
export async function resolveLinkedAccount(
  em: EntityManager,
  platform: ChatPlatform,
  externalId: string,
): Promise<Account | undefined> {
  const link = await em.findOne(WorkspaceLink, { platform, externalId }, { populate: ['account'] });
  if (link) return link.account.getEntity();
  const accounts = await em.find(AccountEntity, {}, { limit: 2 });
  const only = accounts.length === 1 ? accounts[0] : undefined;
  if (!only) return undefined;
  if ((await em.count(WorkspaceLink, { account: only, platform })) > 0) return undefined;
  await em.upsert(
    WorkspaceLink,
    { account: only, platform, externalId },
    { onConflictAction: 'ignore', onConflictFields: ['platform', 'externalId'] },
  );
  em.create(AuditLog, {
    account: only,
    actor: 'system',
    action: 'workspace.autolink',
    details: { platform, externalId },
  });
  await em.flush();
  return only;
}

/** Links (or moves) a workspace to an account. */
export async function linkWorkspace(
  em: EntityManager,
  account: Account,
  platform: ChatPlatform,
  externalId: string,
  actor: string,
): Promise<void> {
  const existing = await em.findOne(WorkspaceLink, { platform, externalId });
  if (existing) existing.account = em.getReference(AccountEntity, account.id) as never;
  else em.create(WorkspaceLink, { account, platform, externalId });
  em.create(AuditLog, { account, actor, action: 'workspace.link', details: { platform, externalId } });
  await em.flush();
}

/** The account of a workspace, or a UserError telling an operator how to link it. */
export async function requireLinkedAccount(
  em: EntityManager,
  platform: ChatPlatform,
  externalId: string,
): Promise<Account> {
  const account = await resolveLinkedAccount(em, platform, externalId);
  if (account) return account;
  throw new UserError(
    `This ${platform === 'slack' ? 'Slack workspace' : 'Teams tenant'} is not linked to a LicBot account, so there is no data to show.`,
    `An operator can link it with: licbot link ${platform} ${externalId} --account SLUG`,
  );
}
