import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Account } from './account.entity.js';
import { License } from './license.entity.js';
import { Product } from './product.entity.js';

/**
 * One run of a program by one user on one machine. Open while `endedAt` is null; a session
 * that stops sending heartbeats is closed at its last heartbeat by the timeout sweep.
 * `product` repeats the license's product so history queries need no join to filter by it.
 */
export const Session = defineEntity({
  name: 'Session',
  tableName: 'session',
  uniques: [{ name: 'session_account_client_id_unique', properties: ['account', 'clientSessionId'] }],
  indexes: [
    { name: 'session_account_started_idx', properties: ['account', 'startedAt'] },
    { name: 'session_account_user_product_idx', properties: ['account', 'userEmail', 'product', 'startedAt'] },
    { name: 'session_license_started_idx', properties: ['license', 'startedAt'] },
    {
      name: 'session_open_idx',
      expression:
        'create index "session_open_idx" on "session" ("account_id", "last_heartbeat_at") where "ended_at" is null',
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    clientSessionId: p.string().length(200),
    license: p.manyToOne(License).ref(),
    product: p.manyToOne(Product).ref(),
    userEmail: p.string().length(320),
    machine: p.string().length(200),
    version: p.string().length(64),
    startedAt: p.datetime(),
    lastHeartbeatAt: p.datetime(),
    endedAt: p.datetime().nullable(),
  },
});
export type Session = InferEntity<typeof Session>;
