import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { ACCESS_MODES } from '../../domain/license.js';
import { Account } from './account.entity.js';
import { License } from './license.entity.js';

/**
 * One `access` report from a program. Rows are never deleted or changed: counters are
 * computed from them, and a reset only moves the point counting starts from.
 */
export const AccessEvent = defineEntity({
  name: 'AccessEvent',
  tableName: 'access_event',
  uniques: [{ name: 'access_event_account_event_unique', properties: ['account', 'eventId'] }],
  indexes: [
    // Counters since the last reset, per license: an index-only range scan per license.
    {
      name: 'access_event_license_occurred_idx',
      expression:
        'create index "access_event_license_occurred_idx" on "access_event" ("license_id", "occurred_at") include ("mode")',
    },
    // Denials in a window (flags, alerts, pool usage): only the denied rows, so their cost
    // follows the denials instead of every event of the window (at 20,000 events/s a week
    // is billions of rows to filter; see docs/load-and-soak.md).
    {
      name: 'access_event_denial_idx',
      expression: `create index "access_event_denial_idx" on "access_event" ("license_id", "occurred_at") include ("user_email") where "mode" in ('declined', 'take_denied')`,
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    eventId: p.uuid(),
    license: p.manyToOne(License).ref(),
    mode: p.enum([...ACCESS_MODES]),
    userEmail: p.string().length(320),
    machine: p.string().length(200),
    version: p.string().length(64),
    occurredAt: p.datetime(),
    receivedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
  },
});
export type AccessEvent = InferEntity<typeof AccessEvent>;
