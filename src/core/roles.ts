import type { EntityManager } from '@mikro-orm/postgresql';
import { lockAccount } from '../db/account-lock.js';
import { audit } from '../db/audit.js';
import { type Account, RoleAssignment } from '../db/entities/index.js';
import { query, sql } from '../db/sql.js';
import { configAdminsFor } from '../domain/config-admins.js';
import { ForbiddenError, UserError } from '../errors.js';
import type { CommandRequest, Platform, Role } from './command.js';
import { mention } from './rich-text.js';

/** Roles a user holds: granted in chat, or listed in the ADMINS setting (the first admins). */
export async function rolesOf(
  em: EntityManager,
  account: Account,
  platform: Platform,
  userId: string,
  configAdmins: readonly string[],
): Promise<Set<Role>> {
  const roles = new Set<Role>();
  if (configAdminsFor(configAdmins, account.slug).includes(`${platform}:${userId}`)) roles.add('admin');
  const rows = await em.find(RoleAssignment, { account, platform, userId });
  for (const row of rows) roles.add(row.role);
  return roles;
}

export interface RoleHolder {
  platform: string;
  userId: string;
  source: 'config' | 'chat';
}

/** Everyone holding a role in the account, config admins first. */
export async function roleHolders(
  em: EntityManager,
  account: Account,
  role: Role,
  configAdmins: readonly string[],
): Promise<RoleHolder[]> {
  const fromConfig: RoleHolder[] =
    role === 'admin'
      ? configAdminsFor(configAdmins, account.slug).map((entry) => {
          const [platform = '', userId = ''] = entry.split(':');
          return { platform, userId, source: 'config' };
        })
      : [];
  const rows = await em.find(RoleAssignment, { account, role }, { orderBy: { createdAt: 'asc' } });
  const granted = rows
    .filter((r) => !fromConfig.some((c) => c.platform === r.platform && c.userId === r.userId))
    .map((r): RoleHolder => ({ platform: r.platform, userId: r.userId, source: 'chat' }));
  return [...fromConfig, ...granted];
}

/** A person in a reply; each renderer writes it its own way (see core/rich-text.ts). */
export { mention };

function describeHolders(holders: RoleHolder[], platform: Platform): string {
  const here = holders.filter((h) => h.platform === platform);
  if (here.length === 0) return 'Nobody on this platform holds it yet; ask your LicBot operator to add you to ADMINS.';
  return `It is held by ${here.map((h) => mention(h.userId)).join(', ')}.`;
}

/**
 * Throws a ForbiddenError that names the role needed and who holds it, and records the
 * refusal in the audit log (`access.denied`). A manager role is satisfied by admins too
 * (admins can do everything managers can).
 */
export async function requireRole(
  em: EntityManager,
  request: CommandRequest,
  needed: Role,
  configAdmins: readonly string[],
  what: string,
): Promise<void> {
  const held = await rolesOf(em, request.account, request.platform, request.userId, configAdmins);
  if (held.has('admin') || held.has(needed)) return;
  // Checked before the arguments are read: the row (and the answer) is the same whether what
  // was named exists or not.
  await audit(em, request.account.id, `${request.platform}:${request.userId}`, 'access.denied', {
    what,
    needed,
    held: [...held],
  });
  const label = needed === 'manager' ? 'the manager or admin role' : 'the admin role';
  const holders = await roleHolders(em, request.account, 'admin', configAdmins);
  if (needed === 'manager') holders.push(...(await roleHolders(em, request.account, 'manager', configAdmins)));
  throw new ForbiddenError(`${what} needs ${label}.`, describeHolders(holders, request.platform));
}

function auditRoleChange(em: EntityManager, request: CommandRequest, action: string, userId: string) {
  return audit(em, request.account.id, `${request.platform}:${request.userId}`, action, {
    platform: request.platform,
    userId,
  });
}

export async function grantRole(
  em: EntityManager,
  request: CommandRequest,
  target: { userId: string; name?: string },
  role: Role,
): Promise<boolean> {
  // The unique key decides, so two admins granting the same role at once both see success.
  return em.transactional(async (tx) => {
    const inserted = await query<{ id: number }>(
      tx,
      sql`insert into role_assignment (account_id, platform, user_id, role, display_name, granted_by)
       values (${request.account.id}, ${request.platform}, ${target.userId}, ${role}, ${target.name ?? null}, ${request.userId})
       on conflict (account_id, platform, user_id, role) do nothing returning id`,
    );
    if (inserted.length === 0) return false;
    await auditRoleChange(tx, request, `role.grant.${role}`, target.userId);
    return true;
  });
}

export async function revokeRole(
  em: EntityManager,
  request: CommandRequest,
  target: { userId: string },
  role: Role,
  configAdmins: readonly string[],
): Promise<boolean> {
  if (
    role === 'admin' &&
    configAdminsFor(configAdmins, request.account.slug).includes(`${request.platform}:${target.userId}`)
  ) {
    throw new UserError(
      `${mention(target.userId)} is an admin through the ADMINS setting.`,
      'Remove them from ADMINS in the configuration instead.',
    );
  }
  // Role changes of one account are serialized by its row lock, so two admins removing each
  // other at once cannot leave the account without an admin.
  return em.transactional(async (tx) => {
    await lockAccount(tx, request.account.id);
    const existing = await tx.findOne(RoleAssignment, {
      account: request.account,
      platform: request.platform,
      userId: target.userId,
      role,
    });
    if (!existing) return false;
    if (role === 'admin') {
      const admins = await roleHolders(tx, request.account, 'admin', configAdmins);
      if (admins.length <= 1)
        throw new UserError('That would leave the account without an admin.', 'Add another admin first.');
    }
    tx.remove(existing);
    await tx.flush();
    await auditRoleChange(tx, request, `role.revoke.${role}`, target.userId);
    return true;
  });
}
