import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

export const PLATFORMS = ['slack', 'teams'] as const;
export const ROLES = ['admin', 'manager'] as const;

/** A chat user (Slack user id or Teams AAD object id) holding a role in one account. */
export const RoleAssignment = defineEntity({
  name: 'RoleAssignment',
  tableName: 'role_assignment',
  uniques: [{ name: 'role_assignment_unique', properties: ['account', 'platform', 'userId', 'role'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    platform: p.enum([...PLATFORMS]),
    userId: p.string().length(200),
    role: p.enum([...ROLES]),
    displayName: p.string().length(200).nullable(),
    grantedBy: p.string().length(200),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type RoleAssignment = InferEntity<typeof RoleAssignment>;
