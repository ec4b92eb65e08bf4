import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../../db/entities/index.js';
import { localDate } from '../../domain/time-zone.js';
import { type LicenseStatsResult, licenseStats } from '../../queries/license-stats.query.js';
import { type ProductRef, resolveProduct } from '../../queries/products.query.js';
import type { SingleFlight } from '../single-flight.js';

export interface LicenseStatsView {
  /** The product asked for; undefined means every product. */
  product?: ProductRef;
  result: LicenseStatsResult;
}

/**
 * The license stats of an account, as `/licstats`, `/licstats csv`, `/licstats reset` and
 * `licbot stats` show them: one product by name (unique prefix) or all, with the account's
 * time zone and denial threshold. With `reads`, identical reads running at the same time
 * share one query.
 */
export async function viewLicenseStats(
  em: EntityManager,
  account: Account,
  ask: { product?: string; now: Date },
  reads?: SingleFlight<LicenseStatsResult>,
): Promise<LicenseStatsView> {
  const product = ask.product === undefined ? undefined : await resolveProduct(em, account.id, ask.product);
  const read = (from: EntityManager) =>
    licenseStats(from, account.id, {
      productId: product?.id,
      now: ask.now,
      timeZone: account.timeZone,
      declinedNoteThreshold: account.denialThreshold,
    });
  if (!reads) return { product, result: await read(em) };
  // Same account, product and day (statuses are relative to the day): share one query, on
  // a unit of work of its own, since the callers sharing it each hold their own.
  const key = `${account.id}:${product?.id ?? 'all'}:${localDate(ask.now, account.timeZone)}:${account.denialThreshold}`;
  return { product, result: await reads.run(key, () => read(em.fork())) };
}
