import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/** Who did what that changes data or permissions: resets, undos, role and key changes. */
export const AuditLog = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_log',
  indexes: [{ name: 'audit_log_account_at_idx', properties: ['account', 'at'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    actor: p.string().length(320),
    action: p.string().length(64),
    details: p.json<Record<string, unknown>>(),
    at: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type AuditLog = InferEntity<typeof AuditLog>;
