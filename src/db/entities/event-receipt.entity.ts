import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * The client-made ids of non-access events already applied (sessions, activations), so a
 * resent event is recognised as a duplicate. Access events carry their id on their own row.
 */
export const EventReceipt = defineEntity({
  name: 'EventReceipt',
  tableName: 'event_receipt',
  properties: {
    account: p.manyToOne(Account).ref().primary(),
    eventId: p.uuid().primary(),
    type: p.string().length(32),
    receivedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
  primaryKeys: ['account', 'eventId'],
});
export type EventReceipt = InferEntity<typeof EventReceipt>;
