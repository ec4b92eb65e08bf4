import type { EntityManager } from '@mikro-orm/postgresql';
import { query, raw, type Sql, sql } from '../../db/sql.js';

/** A checked Session History row, short keys to keep the staged JSON small. */
export interface StagedSession {
  /** The line in the file. */
  line: number;
  l: number;
  p: number;
  u: string;
  c: string;
  v: string;
  s: string;
  h: string;
  /** The end of a closed session; null when it is active. */
  e: string | null;
}

/**
 * Checked rows wait in a temporary table until the whole file is read, so a bad row
 * anywhere stores nothing (the transaction is rolled back) while memory stays flat, and
 * the merge with what is stored runs as a few set-based statements. Both tables are
 * dropped with the transaction.
 */
export async function createStage(em: EntityManager): Promise<void> {
  await query(
    em,
    sql`create temporary table import_session_stage (line int primary key, l int not null, p int not null,
      u text not null, c text not null, v text not null, s timestamptz not null, h timestamptz not null,
      e timestamptz, outcome text) on commit drop`,
  );
}

export async function stage(em: EntityManager, rows: StagedSession[]): Promise<void> {
  await query(
    em,
    sql`insert into import_session_stage (line, l, p, u, c, v, s, h, e)
      select r.line, r.l, r.p, r.u, r.c, r.v, r.s, r.h, r.e
        from json_to_recordset(${JSON.stringify(rows)}::json)
          as r(line int, l int, p int, u text, c text, v text, s timestamptz, h timestamptz, e timestamptz)`,
  );
}

/**
 * A session's identity in an export: email, program, machine, version and start (to the
 * second), and for a closed one also its end. Sessions that share all of it are told apart
 * by their order: the n-th such row of the file is the n-th such stored session, so a file
 * imported twice adds nothing while distinct sessions that only share their start survive.
 */
const SAME_START = raw('u, p, c, v, s');
const SAME_START_AND_END = raw('u, p, c, v, s, e');

/** Rows of the stage still open under `rows`, paired by rank with unclaimed stored sessions under `stored`. */
function pairs(rows: Sql, stored: Sql, identity: Sql, storedOrder: Sql): Sql {
  return sql`select f.line, f.new_h, f.new_e, k.id, k.old_h, k.old_e
    from (select line, h as new_h, e as new_e, ${identity}, row_number() over (partition by ${identity} order by line) as n
            from import_session_stage where outcome is null and ${rows}) f
    join (select id, h as old_h, e as old_e, ${identity},
                 row_number() over (partition by ${identity} order by ${storedOrder}) as n
            from import_session_known where not claimed and ${stored}) k using (${identity}, n)`;
}

/** Marks the paired rows with their outcome, claims their stored sessions, and applies `change`. */
async function settle(em: EntityManager, paired: Sql, outcome: Sql, change: Sql = raw('select 1')): Promise<void> {
  await query(
    em,
    sql`with pair as (${paired}),
      marked as (update import_session_stage st set outcome = ${outcome} from pair where st.line = pair.line),
      claimed as (update import_session_known k set claimed = true from pair where k.id = pair.id),
      changed as (${change})
    select 1`,
  );
}

export type Outcome = 'stored' | 'updated' | 'duplicate';

/**
 * Merges the stage into the account's sessions and says what became of each row, per
 * active/closed. Only sessions an import stored are matched (those the event API recorded
 * have sub-second starts and their own ids):
 *
 * 1. a closed row whose session is stored with the same end: a duplicate;
 * 2. a closed row whose session was imported active (still open, or closed by the timeout
 *    sweep at its last known moment): updated with its end and duration;
 * 3. an active row whose session is stored, open or closed: a duplicate, or updated when
 *    it runs longer than the stored session's last heartbeat;
 * 4. anything else: a new session.
 */
export async function mergeStage(
  em: EntityManager,
  accountId: number,
): Promise<{ outcome: Outcome; active: boolean; n: number }[]> {
  await query(em, sql`analyze import_session_stage`);
  await query(
    em,
    sql`create temporary table import_session_known on commit drop as
      select x.id, x.user_email as u, x.product_id as p, x.machine as c, x.version as v, x.started_at as s,
             x.last_heartbeat_at as h, x.ended_at as e,
             (x.ended_at is null or x.client_session_id like 'import:active:%') as was_active, false as claimed
        from session x
       where x.account_id = ${accountId} and x.client_session_id like 'import:%'
         and (x.user_email, x.product_id, x.machine, x.version, x.started_at) in
             (select u, p, c, v, s from import_session_stage)`,
  );
  const closed = raw('e is not null');
  const openFirst = raw('e is not null, id');
  await settle(em, pairs(closed, closed, SAME_START_AND_END, raw('id')), sql`'duplicate'`);
  await settle(
    em,
    pairs(closed, raw('was_active'), SAME_START, openFirst),
    sql`'updated'`,
    sql`update session set ended_at = pair.new_e, last_heartbeat_at = pair.new_e
          from pair where session.id = pair.id and session.account_id = ${accountId}`,
  );
  // A heartbeat never moves backwards: an older export of an active session changes nothing.
  const longer = raw('pair.old_e is null and pair.new_h > pair.old_h');
  await settle(
    em,
    pairs(raw('e is null'), raw('true'), SAME_START, openFirst),
    sql`case when ${longer} then 'updated' else 'duplicate' end`,
    sql`update session set last_heartbeat_at = pair.new_h
          from pair where session.id = pair.id and session.account_id = ${accountId} and ${longer}`,
  );
  await query(
    em,
    sql`insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version,
                             started_at, last_heartbeat_at, ended_at)
      select ${accountId}, 'import:' || case when e is null then 'active:' else 'closed:' end || gen_random_uuid(),
             l, p, u, c, v, s, h, e
        from import_session_stage where outcome is null order by line`,
  );
  await query(em, sql`update import_session_stage set outcome = 'stored' where outcome is null`);
  return query(
    em,
    sql`select outcome, e is null as active, count(*)::int as n from import_session_stage group by 1, 2 order by 2`,
  );
}
