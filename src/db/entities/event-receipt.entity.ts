import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * The client-made id of every event an account sent, of any type, so a resent event is
 * recognised as a duplicate and an id is unique per account across all event types (README,
 * "Event API"). Access events also carry their id on their own row.
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
