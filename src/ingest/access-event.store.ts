import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import type { ResolvedEvent } from './event-rules.js';

type AccessEventIn = Extract<ResolvedEvent, { type: 'access' }>;

/**
 * Stores access events with one statement, whatever the batch size. The database decides
 * what is new: an id this account has sent before hits the unique (account_id, event_id)
 * index and is skipped, also when a concurrent request carries it (that insert waits for the
 * other transaction and then skips). Rows go in sorted by id so two requests with
 * overlapping ids always lock in the same order and cannot deadlock. Returns how many rows
 * were new.
 */
export async function insertAccessEvents(
  em: EntityManager,
  accountId: number,
  events: AccessEventIn[],
): Promise<number> {
  if (events.length === 0) return 0;
  const rows = events.map((e) => ({
    i: e.id,
    l: e.license.id,
    m: e.mode,
    u: e.user,
    c: e.machine,
    v: e.version,
    a: e.at,
  }));
  const [result] = await query<{ inserted: number }>(
    em,
    sql`with new_rows as (
       insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at)
       select ${accountId}, e.i, e.l, e.m, e.u, e.c, e.v, e.a
         from json_to_recordset(${JSON.stringify(rows)}::json) as e(i uuid, l int, m text, u text, c text, v text, a timestamptz)
        order by e.i
       on conflict (account_id, event_id) do nothing
       returning 1)
     select count(*)::int as inserted from new_rows`,
  );
  return result?.inserted ?? 0;
}

/**
 * Records the ids of non-access events (one statement, sorted like above) and returns those
 * that were new: only these are applied, so a resent session or activation event changes
 * nothing, even when two requests race with it.
 */
export async function receiveEventIds(
  em: EntityManager,
  accountId: number,
  events: { id: string; type: string }[],
): Promise<Set<string>> {
  if (events.length === 0) return new Set();
  const receipts = JSON.stringify(events.map((e) => ({ i: e.id, t: e.type })));
  const rows = await query<{ event_id: string }>(
    em,
    sql`insert into event_receipt (account_id, event_id, type)
     select ${accountId}, e.i, e.t from json_to_recordset(${receipts}::json) as e(i uuid, t text) order by e.i
     on conflict (account_id, event_id) do nothing
     returning event_id`,
  );
  return new Set(rows.map((r) => r.event_id));
}
