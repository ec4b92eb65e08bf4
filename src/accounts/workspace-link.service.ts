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
  // Under the account's row lock, so two workspaces typing their first command at once
  // cannot both be linked: the second sees the first's link and is refused.
  const linked = await em.transactional(async (tx) => {
    await tx.execute('select id from account where id = ? for update', [only.id]);
    const [row] = await tx.execute<{ external_id: string }[]>(
      'select external_id from workspace_link where account_id = ? and platform = ? limit 1',
      [only.id, platform],
    );
    if (row) return row.external_id === externalId;
    await tx.execute('insert into workspace_link (account_id, platform, external_id) values (?, ?, ?)', [
      only.id,
      platform,
      externalId,
    ]);
    await tx.execute(
      `insert into audit_log (account_id, actor, action, details) values (?, 'system', 'workspace.autolink', ?::jsonb)`,
      [only.id, JSON.stringify({ platform, externalId })],
    );
    return true;
  });
  if (!linked) return undefined;
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
