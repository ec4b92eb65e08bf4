import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../../db/entities/index.js';
import { resolveHistoryWindow, type TimeWindow, type WindowFields } from '../../domain/time-window.js';
import { type ProductRef, resolveProduct } from '../../queries/products.query.js';
import type { SessionFilters } from '../../queries/session-history.query.js';

export interface SessionHistoryAsk {
  /** Dates in the account's time zone, as typed. */
  from?: string;
  to?: string;
  product?: string;
  user?: string;
  now: Date;
  /** How `from`/`to` were written (chat words by default; the CLI's flags), for error messages. */
  fields?: WindowFields;
  /** A window already resolved (a queued export): used instead of `from`/`to`. */
  window?: TimeWindow;
}

export interface SessionHistoryScope {
  window: TimeWindow;
  product?: ProductRef;
  filters: SessionFilters;
}

/**
 * What a session history covers, for `/sessions` and `licbot sessions` alike: the window
 * (checked first, so a bad date is the first thing said), the product by name, the user.
 */
export async function sessionHistoryScope(
  em: EntityManager,
  account: Account,
  ask: SessionHistoryAsk,
): Promise<SessionHistoryScope> {
  const window =
    ask.window ?? resolveHistoryWindow({ from: ask.from, to: ask.to, fields: ask.fields }, ask.now, account.timeZone);
  const product = ask.product === undefined ? undefined : await resolveProduct(em, account.id, ask.product);
  return { window, product, filters: { window, now: ask.now, productId: product?.id, userEmail: ask.user } };
}
