import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { License } from './license.entity.js';

/**
 * A reset of the usage counters: who, when, and for which scope. Counting restarts at `at`
 * for every license in it; undoing sets `undoneAt` and counting falls back to the previous
 * reset. No access event is ever deleted.
 */
export const StatsReset = defineEntity({
  name: 'StatsReset',
  tableName: 'stats_reset',
  indexes: [{ name: 'stats_reset_account_at_idx', properties: ['account', 'at'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    /** What was reset, as people read it: `All products`, a product name, or `ElumTools AB12C…`. */
    scope: p.string().length(200),
    at: p.datetime(),
    byUser: p.string().length(320),
    undoneAt: p.datetime().nullable(),
    undoneBy: p.string().length(320).nullable(),
  },
});
export type StatsReset = InferEntity<typeof StatsReset>;

/** One license inside a reset, with its counters just before the reset (for the audit trail). */
export const StatsResetLicense = defineEntity({
  name: 'StatsResetLicense',
  tableName: 'stats_reset_license',
  indexes: [{ name: 'stats_reset_license_license_idx', properties: ['license'] }],
  properties: {
    reset: p.manyToOne(StatsReset).ref().primary(),
    license: p.manyToOne(License).ref().primary(),
    fullBefore: p.integer(),
    limitedBefore: p.integer(),
    declinedBefore: p.integer(),
    takesBefore: p.integer(),
    takeDeniedBefore: p.integer(),
    checkoutsBefore: p.integer(),
  },
  primaryKeys: ['reset', 'license'],
});
export type StatsResetLicense = InferEntity<typeof StatsResetLicense>;
