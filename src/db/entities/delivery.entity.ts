import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { Subscription } from './subscription.entity.js';

/**
 * One scheduled post for one subscription and period. The unique period key is what makes a
 * post happen exactly once across scheduler and worker replicas and retries: a worker claims
 * the row (`pending`, attempts + 1) before posting and marks it `sent` after. A claimed row
 * that never got marked is a post that may have reached the channel: its retry looks for the
 * message by its delivery key before posting again (see jobs/weekly-report.processor.ts).
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
    status: p.enum(['pending', 'sent', 'failed', 'skipped']).default('pending'),
    /** The scheduled instant of this period's post. */
    dueAt: p.datetime().nullable(),
    attempts: p.integer().default(0),
    /** Why it failed or was skipped, for `/licstats subscriptions`. */
    error: p.text().nullable(),
    /** The posted message (Slack `ts`), once the report message is in the channel. */
    messageTs: p.string().length(64).nullable(),
    /** The report's CSV is in the channel too. */
    fileSent: p.boolean().default(false),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    sentAt: p.datetime().nullable(),
  },
});
export type Delivery = InferEntity<typeof Delivery>;
