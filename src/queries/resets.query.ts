import type { EntityManager } from '@mikro-orm/postgresql';
import { epochMs } from '../db/sql-time.js';

export interface LastReset {
  resetId: number;
  scope: string;
  at: Date;
  byUser: string;
  licenses: number;
}

/** The account's latest reset that is not undone: what `undo-reset` would undo. */
export async function lastReset(em: EntityManager, accountId: number): Promise<LastReset | undefined> {
  const [row] = await em.execute<{ id: number; scope: string; at: number; by_user: string; licenses: number }[]>(
    `select r.id, r.scope, ${epochMs('r.at')} as at, r.by_user,
      (select count(*) from stats_reset_license srl where srl.reset_id = r.id)::int as licenses
    from stats_reset r where r.account_id = ? and r.undone_at is null order by r.at desc, r.id desc limit 1`,
    [accountId],
  );
  return row
    ? { resetId: row.id, scope: row.scope, at: new Date(row.at), byUser: row.by_user, licenses: row.licenses }
    : undefined;
}
