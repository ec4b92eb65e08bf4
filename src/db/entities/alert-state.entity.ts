import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * When an alert rule last fired for a subject (e.g. a license) and with what value, so the
 * same alert is not repeated within 24 hours unless the value has doubled.
 */
export const AlertState = defineEntity({
  name: 'AlertState',
  tableName: 'alert_state',
  uniques: [{ name: 'alert_state_unique', properties: ['account', 'rule', 'subject'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    rule: p.string().length(64),
    subject: p.string().length(200),
    lastFiredAt: p.datetime(),
    lastValue: p.integer(),
  },
});
export type AlertState = InferEntity<typeof AlertState>;
