import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';

/**
 * An action waiting for a button press (e.g. "Confirm reset"). The button carries only this
 * row's random id; the press claims the row once, so a double click acts once, and a row past
 * `expiresAt` is refused.
 */
export const PendingAction = defineEntity({
  name: 'PendingAction',
  tableName: 'pending_action',
  properties: {
    id: p.uuid().primary(),
    account: p.manyToOne(Account).ref(),
    kind: p.string().length(64),
    payload: p.json<Record<string, unknown>>(),
    createdBy: p.string().length(200),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    usedBy: p.string().length(200).nullable(),
  },
});
export type PendingAction = InferEntity<typeof PendingAction>;
