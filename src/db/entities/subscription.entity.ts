import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { PLATFORMS } from './role-assignment.entity.js';

/** A channel that receives a scheduled report at its weekday, local time and time zone. */
export const Subscription = defineEntity({
  name: 'Subscription',
  tableName: 'subscription',
  indexes: [{ name: 'subscription_account_idx', properties: ['account'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    platform: p.enum([...PLATFORMS]),
    /** Slack channel id, or Teams conversation id. */
    target: p.string().length(500),
    /** How people know the channel (`#licenses`), for listings; the id is what posts use. */
    targetName: p.string().length(200).nullable(),
    kind: p.enum(['weekly_report']).default('weekly_report'),
    /** ISO weekday, 1 = Monday ... 7 = Sunday. */
    weekday: p.smallint(),
    /** Local time of day, `HH:MM`. */
    timeOfDay: p.string().length(5),
    timeZone: p.string().length(64),
    paused: p.boolean().default(false),
    /** The subscriber's user id on `platform`: told when a post cannot be made. */
    createdBy: p.string().length(200),
    /** Unsubscribed: kept so its delivery history stays readable; queued posts stop. */
    deletedAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type Subscription = InferEntity<typeof Subscription>;
