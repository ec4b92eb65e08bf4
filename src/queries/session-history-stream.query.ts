import type { EntityManager, Knex } from '@mikro-orm/postgresql';
import { sql } from '../db/sql.js';
import {
  FULL_ORDER,
  pickedSessionsSql,
  SESSION_COLUMNS,
  type SessionFilters,
  type SessionRecord,
  type SessionRow,
  sessionRowOf,
} from './session-history.query.js';

/**
 * The full view for export, in view order, as batches of rows read through a server-side
 * cursor: memory stays flat however many sessions there are. The cursor lives in its own
 * read-only transaction, closed when the caller stops early, finishes or fails.
 */
export async function* streamSessionHistoryFull(
  em: EntityManager,
  accountId: number,
  filters: SessionFilters,
  batchSize = 5000,
): AsyncGenerator<SessionRow[]> {
  const statement = sql`declare session_export no scroll cursor for
    ${pickedSessionsSql(accountId, filters)}
    select ${SESSION_COLUMNS} from picked s join product p on p.id = s.product_id ${FULL_ORDER}`;
  const trx = await em.getKnex().transaction({ readOnly: true });
  try {
    await trx.raw(statement.text, [...statement.params] as Knex.RawBinding[]);
    for (;;) {
      const result = await trx.raw(`fetch ${Math.trunc(batchSize)} from session_export`);
      const rows = result.rows as SessionRecord[];
      if (rows.length) yield rows.map(sessionRowOf);
      if (rows.length < batchSize) break;
    }
    await trx.commit();
  } finally {
    if (!trx.isCompleted()) await trx.rollback();
  }
}
