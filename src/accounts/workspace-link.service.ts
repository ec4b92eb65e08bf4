import type { EntityManager } from '@mikro-orm/postgresql';
import { lockAccount } from '../db/account-lock.js';
import { audit } from '../db/audit.js';
import { type Account, Account as AccountEntity, WorkspaceLink } from '../db/entities/index.js';
import { query, sql } from '../db/sql.js';
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
    await lockAccount(tx, only.id);
    const [row] = await query<{ external_id: string }>(
      tx,
      sql`select external_id from workspace_link where account_id = ${only.id} and platform = ${platform} limit 1`,
    );
    if (row) return row.external_id === externalId;
    await query(
      tx,
      sql`insert into workspace_link (account_id, platform, external_id) values (${only.id}, ${platform}, ${externalId})`,
    );
    await audit(tx, only.id, 'system', 'workspace.autolink', { platform, externalId });
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
  await em.transactional(async (tx) => {
    const existing = await tx.findOne(WorkspaceLink, { platform, externalId });
    if (existing) existing.account = tx.getReference(AccountEntity, account.id) as never;
    else tx.create(WorkspaceLink, { account, platform, externalId });
    await tx.flush();
    await audit(tx, account.id, actor, 'workspace.link', { platform, externalId });
  });
}

/** The account of a workspace, or a UserError telling an operator how to link it. */
export async function requireLinkedAccount(
  em: EntityManager,
  platform: ChatPlatform,
  externalId: string,
): Promise<Account> {
  const account = await resolveLinkedAccount(em, platform, externalId);
  if (account) return account;
  throw notLinked(platform, externalId);
}

/** What a person in an unlinked workspace is told: why there is no data, and who links it how. */
export function notLinked(platform: ChatPlatform, externalId: string): UserError {
  return new UserError(
    notLinkedReason(platform),
    `${linkInstruction(platform, externalId)} Help works meanwhile: /licstats help.`,
  );
}

export function notLinkedReason(platform: ChatPlatform): string {
  const where = platform === 'slack' ? 'Slack workspace' : 'Teams tenant';
  return `This ${where} is not linked to a LicBot account, so there is no data to show.`;
}

export function linkInstruction(platform: ChatPlatform, externalId: string): string {
  return `Ask whoever runs LicBot to link it with: licbot link ${platform} ${externalId} --account SLUG (licbot account list shows the slugs).`;
}
