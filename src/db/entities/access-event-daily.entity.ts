import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ACCESS_MODES } from '../../domain/license.js';
import { Account } from './account.entity.js';
import { License } from './license.entity.js';

/**
 * Access events counted per license, UTC day and mode, so counters since a reset need not
 * scan every event (a few million in a large account): whole days come from here, only the
 * day a counting start falls in is counted from access_event itself. Kept exact by
 * statement-level triggers on access_event (see Migration20261128030000AccessEventDaily);
 * nothing in the application writes it.
 */
export const AccessEventDaily = defineEntity({
  name: 'AccessEventDaily',
  tableName: 'access_event_daily',
  properties: {
    license: p.manyToOne(License).ref().primary(),
    day: p.date().primary(),
    mode: p.enum([...ACCESS_MODES]).primary(),
    account: p.manyToOne(Account).ref(),
    events: p.integer(),
  },
  primaryKeys: ['license', 'day', 'mode'],
});
export type AccessEventDaily = InferEntity<typeof AccessEventDaily>;
