import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A tenant of LicBot. Every other row belongs to exactly one account. */
export const Account = defineEntity({
  name: 'Account',
  tableName: 'account',
  properties: {
    id: p.integer().primary().autoincrement(),
    name: p.string().length(200),
    slug: p.string().length(64).unique(),
    timeZone: p.string().length(64).default('UTC'),
    /** Idle seat: no session with the product for this many days. */
    idleSeatDays: p.integer().default(30),
    /** Under-used pool: peak concurrency measured over this many days. */
    poolWindowDays: p.integer().default(28),
    /** Frequent denials: this many declined accesses ... */
    denialThreshold: p.integer().default(5),
    /** ... within this many days. */
    denialWindowDays: p.integer().default(7),
    alertsEnabled: p.boolean().default(true),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type Account = InferEntity<typeof Account>;
