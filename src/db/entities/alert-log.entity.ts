import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * Every alert LicBot decided to send (denials, expiry) and what became of it: sent to whom,
 * or undelivered and why. `licbot alerts check` prints these; admins can see what reached
 * nobody.
 */
export const AlertLog = defineEntity({
  name: 'AlertLog',
  tableName: 'alert_log',
  indexes: [{ name: 'alert_log_account_at_idx', properties: ['account', 'at'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    /** `denials` or `expiry.30`, `expiry.7`, `expiry.1`, `expiry.0`. */
    rule: p.string().length(64),
    /** What the alert is about, e.g. `license:12`. */
    subject: p.string().length(200),
    status: p.enum(['sent', 'undelivered', 'failed']),
    /** `slack:U123` of each person it reached. */
    recipients: p.json<string[]>(),
    /** The figures the alert stated, and the reason when undelivered. */
    details: p.json<Record<string, unknown>>(),
    at: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type AlertLog = InferEntity<typeof AlertLog>;
