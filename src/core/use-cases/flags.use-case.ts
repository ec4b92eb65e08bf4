import type { EntityManager } from '@mikro-orm/postgresql';
import type { Account } from '../../db/entities/index.js';
import { thresholdsOf } from '../../domain/flags.js';
import { computeFlags, type FlagsResult } from '../../queries/flags.query.js';

/** Every flag of an account with its own thresholds, as `/licstats flags` and `licbot flags` show them. */
export function viewFlags(em: EntityManager, account: Account, now: Date): Promise<FlagsResult> {
  return computeFlags(em, account.id, { thresholds: thresholdsOf(account), now, timeZone: account.timeZone });
}
