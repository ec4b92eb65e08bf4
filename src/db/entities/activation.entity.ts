import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { License } from './license.entity.js';

/** A computer activated with an AC; it counts as used until `deactivatedAt` is set. */
export const Activation = defineEntity({
  name: 'Activation',
  tableName: 'activation',
  indexes: [
    {
      name: 'activation_license_active_idx',
      expression:
        'create index "activation_license_active_idx" on "activation" ("license_id") where "deactivated_at" is null',
    },
    { name: 'activation_account_user_idx', properties: ['account', 'userEmail'] },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    license: p.manyToOne(License).ref(),
    userEmail: p.string().length(320),
    machine: p.string().length(200),
    activatedAt: p.datetime(),
    deactivatedAt: p.datetime().nullable(),
  },
});
export type Activation = InferEntity<typeof Activation>;
