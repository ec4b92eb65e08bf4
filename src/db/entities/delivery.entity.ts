import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { Subscription } from './subscription.entity.js';

/**
 * One scheduled post for one subscription and period. The unique period key is what makes a
 * post happen exactly once across scheduler and worker replicas and retries.
 */
export const Delivery = defineEntity({
  name: 'Delivery',
  tableName: 'delivery',
  uniques: [{ name: 'delivery_subscription_period_unique', properties: ['subscription', 'periodKey'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    subscription: p.manyToOne(Subscription).ref(),
    periodKey: p.string().length(64),
    status: p.enum(['pending', 'sent', 'failed']).default('pending'),
    attempts: p.integer().default(0),
    error: p.text().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
});
export type Delivery = InferEntity<typeof Delivery>;
