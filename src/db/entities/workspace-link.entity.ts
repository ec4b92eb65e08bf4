import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { PLATFORMS } from './role-assignment.entity.js';

/** Links a Slack workspace (team id) or a Teams tenant to exactly one account. */
export const WorkspaceLink = defineEntity({
  name: 'WorkspaceLink',
  tableName: 'workspace_link',
  uniques: [{ name: 'workspace_link_unique', properties: ['platform', 'externalId'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    platform: p.enum([...PLATFORMS]),
    externalId: p.string().length(200),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type WorkspaceLink = InferEntity<typeof WorkspaceLink>;
