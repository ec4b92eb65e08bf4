import type { EntityManager } from '@mikro-orm/postgresql';
import { empty, query, sql } from '../db/sql.js';
import { pgDate } from '../db/sql-time.js';
import type { EventOf } from './event.schema.js';
import type { ResolvedEvent } from './event-rules.js';

/** What applying one event did: changed something, changed nothing, or was refused. */
export type Outcome = 'applied' | 'noop' | { field: string; message: string };

type SessionStart = Extract<ResolvedEvent, { type: 'session_start' }>;

/** Opens a session; a start for a session id the account already has is a no-op. */
export async function startSession(em: EntityManager, accountId: number, event: SessionStart): Promise<Outcome> {
  const rows = await query(
    em,
    sql`insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version,
                          started_at, last_heartbeat_at)
     values (${accountId}, ${event.sessionId}, ${event.license.id}, ${event.license.productId}, ${event.user},
             ${event.machine}, ${event.version}, ${event.at}::timestamptz, ${event.at}::timestamptz)
     on conflict (account_id, client_session_id) do nothing
     returning id`,
  );
  return rows.length ? 'applied' : 'noop';
}

// Both kinds lock the session row first, then change it only while it is open and the
// event is not dated before its start; the selected row tells which case applied.
function touchSql(accountId: number, sessionId: string, at: string, end: boolean) {
  const close = end ? sql`ended_at = ${at}::timestamptz,` : empty;
  return sql`
  with s as (select id, started_at, ended_at from session
              where account_id = ${accountId} and client_session_id = ${sessionId} for update),
       u as (update session set ${close} last_heartbeat_at = greatest(session.last_heartbeat_at, ${at}::timestamptz)
               from s where session.id = s.id and s.ended_at is null and s.started_at <= ${at}::timestamptz
             returning session.id)
  select s.started_at, s.ended_at, exists(select 1 from u) as changed from s`;
}

/**
 * Moves a session's last heartbeat (never backwards), or closes it. Out-of-order rule: a
 * heartbeat or end for a session this account has never started is refused, so the client
 * resends it after the start; one for a session already closed (by its end or by the
 * timeout sweep) changes nothing.
 */
export async function touchSession(
  em: EntityManager,
  accountId: number,
  event: EventOf<'session_heartbeat'> | EventOf<'session_end'>,
): Promise<Outcome> {
  const [session] = await query<{ started_at: string; ended_at: string | null; changed: boolean }>(
    em,
    touchSql(accountId, event.sessionId, event.at, event.type === 'session_end'),
  );
  if (!session) {
    return {
      field: 'sessionId',
      message: `unknown sessionId "${event.sessionId}": send its session_start first (in this batch or an earlier one)`,
    };
  }
  if (session.ended_at) return 'noop';
  if (session.changed) return 'applied';
  return { field: 'at', message: `is before the session started (${pgDate(session.started_at).toISOString()})` };
}
