import type { EntityManager } from '@mikro-orm/postgresql';
import { empty, query, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import type { EventOf } from './event.schema.js';
import type { ResolvedEvent } from './event-rules.js';

/**
 * What applying one event did: changed something, changed nothing, was refused (the whole
 * request then stores nothing), or conflicts with what is stored (this event is not
 * stored; the rest of the request is).
 */
export type Outcome = 'applied' | 'noop' | { field: string; message: string; conflict?: true };

type SessionStart = Extract<ResolvedEvent, { type: 'session_start' }>;

/**
 * Opens a session. A start for a session id the account already has is a duplicate when it
 * describes that very session (same license, user, machine, version and start), and a
 * conflict otherwise: a session id is unique per account for all time, so a client that
 * reuses one would otherwise lose the new session without a word.
 */
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
  if (rows.length) return 'applied';
  // A statement of its own: it sees the other session even when a concurrent request just
  // committed it (the insert above waited for that one).
  const [stored] = await query<{ same: boolean; started_at: number }>(
    em,
    sql`select license_id = ${event.license.id} and user_email = ${event.user} and machine = ${event.machine}
            and version = ${event.version} and started_at = ${event.at}::timestamptz as same,
            ${epochMs('started_at')} as started_at
       from session where account_id = ${accountId} and client_session_id = ${event.sessionId}`,
  );
  if (!stored || stored.same) return 'noop';
  return {
    conflict: true,
    field: 'sessionId',
    message:
      `"${event.sessionId}" is the id of another session of this account (started ${new Date(stored.started_at).toISOString()}), ` +
      'so this one was not stored: a session id must be unique per account for all time, e.g. a new UUID for every session',
  };
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
  select ${epochMs('s.started_at')} as started_at, ${epochMs('s.ended_at')} as ended_at,
         exists(select 1 from u) as changed from s`;
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
  const [session] = await query<{ started_at: number; ended_at: number | null; changed: boolean }>(
    em,
    touchSql(accountId, event.sessionId, event.at, event.type === 'session_end'),
  );
  if (!session) {
    return {
      field: 'sessionId',
      message: `unknown sessionId "${event.sessionId}": send its session_start first (in this batch or an earlier one)`,
    };
  }
  if (session.ended_at !== null) return 'noop';
  if (session.changed) return 'applied';
  return { field: 'at', message: `is before the session started (${new Date(session.started_at).toISOString()})` };
}
