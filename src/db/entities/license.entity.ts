import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { LICENSE_TYPES } from '../../domain/license.js';
import { Account } from './account.entity.js';
import { Product } from './product.entity.js';

/**
 * One activation code (AC) of one product. The plain code is a secret: only its first five
 * characters and a keyed hash are stored, so lookups match by hash.
 */
export const License = defineEntity({
  name: 'License',
  tableName: 'license',
  uniques: [{ name: 'license_account_ac_hash_unique', properties: ['account', 'acHash'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    account: p.manyToOne(Account).ref(),
    product: p.manyToOne(Product).ref(),
    type: p.enum([...LICENSE_TYPES]),
    seats: p.integer(),
    activationsAllowed: p.integer(),
    /**
     * Activations in use that LicBot knows only by their number: the portal's "Activations
     * Used" at the last License Stats import minus the activations stored then
     * (docs/numbers.md, Activations).
     */
    activationsUnlisted: p.integer().default(0),
    expiresAt: p.date(),
    acPrefix: p.string().length(5),
    acHash: p.string().length(64),
    /** Up to 10 leading characters, never more than half the code (domain/code-labels.ts). */
    acHint: p.string().length(10).nullable(),
    /**
     * Counters imported from the vendor portal (License Stats export) at `baselineAt`; later
     * events add to them until a reset after `baselineAt` zeroes them.
     */
    baselineFull: p.integer().default(0),
    baselineLimited: p.integer().default(0),
    baselineDeclined: p.integer().default(0),
    baselineTakes: p.integer().default(0),
    baselineTakeDenied: p.integer().default(0),
    baselineCheckouts: p.integer().default(0),
    baselineAt: p.datetime().nullable(),
    createdAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  },
});
export type License = InferEntity<typeof License>;
