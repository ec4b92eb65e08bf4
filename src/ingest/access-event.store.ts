import type { EntityManager } from '@mikro-orm/postgresql';
import { query, sql } from '../db/sql.js';
import type { ResolvedEvent } from './event-rules.js';

type AccessEventIn = Extract<ResolvedEvent, { type: 'access' }>;

export interface StoredAccessEvents {
  /** How many rows were new. */
  inserted: number;
  /** Ids of the batch this account already used for another event type, with that type. */
  usedByOtherType: Map<string, string>;
}

/**
 * Stores access events with one statement, whatever the batch size. Every event id of an
 * account, of any type, is recorded once in `event_receipt` (its primary key makes an id
 * unique per account across all event types): only events whose id is new there are stored.
 * A concurrent request with the same ids waits for the other transaction and then skips
 * them; rows go in sorted by id, so overlapping requests lock in the same order and cannot
 * deadlock. The unique (account_id, event_id) index on access_event still skips events
 * stored before every id had a receipt.
 */
export async function insertAccessEvents(
  em: EntityManager,
  accountId: number,
  events: AccessEventIn[],
): Promise<StoredAccessEvents> {
  if (events.length === 0) return { inserted: 0, usedByOtherType: new Map() };
  const rows = events.map((e) => ({
    i: e.id,
    l: e.license.id,
    m: e.mode,
    u: e.user,
    c: e.machine,
    v: e.version,
    a: e.at,
  }));
  const [result] = await query<{ inserted: number; received: number }>(
    em,
    sql`with e as (
       select * from json_to_recordset(${JSON.stringify(rows)}::json)
         as e(i uuid, l int, m text, u text, c text, v text, a timestamptz)),
     fresh as (
       insert into event_receipt (account_id, event_id, type)
       select ${accountId}, e.i, 'access' from e order by e.i
       on conflict (account_id, event_id) do nothing
       returning event_id),
     new_rows as (
       insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at)
       select ${accountId}, e.i, e.l, e.m, e.u, e.c, e.v, e.a from e join fresh on fresh.event_id = e.i
        order by e.i
       on conflict (account_id, event_id) do nothing
       returning 1)
     select (select count(*) from new_rows)::int as inserted, (select count(*) from fresh)::int as received`,
  );
  const received = result?.received ?? 0;
  // Only a resend (or a reused id) leaves ids without a new receipt: then ask which type took them.
  const usedByOtherType =
    received < events.length ? await receiptTypes(em, accountId, events, 'access') : new Map<string, string>();
  return { inserted: result?.inserted ?? 0, usedByOtherType };
}

/** The stored receipts of these ids whose type is not `except`: id → type. */
async function receiptTypes(
  em: EntityManager,
  accountId: number,
  events: { id: string }[],
  except?: string,
): Promise<Map<string, string>> {
  const rows = await query<{ event_id: string; type: string }>(
    em,
    sql`select event_id, type from event_receipt
      where account_id = ${accountId} and event_id in (select json_array_elements_text(${JSON.stringify(events.map((e) => e.id))}::json)::uuid)
        ${except === undefined ? sql`` : sql`and type <> ${except}`}`,
  );
  return new Map(rows.map((r) => [r.event_id, r.type]));
}

/**
 * Records the ids of non-access events (one statement, sorted like above) and returns those
 * that were new: only these are applied, so a resent session or activation event changes
 * nothing, even when two requests race with it. `seen` has the type each other id was
 * received with before.
 */
export async function receiveEventIds(
  em: EntityManager,
  accountId: number,
  events: { id: string; type: string }[],
): Promise<{ fresh: Set<string>; seen: Map<string, string> }> {
  if (events.length === 0) return { fresh: new Set(), seen: new Map() };
  const receipts = JSON.stringify(events.map((e) => ({ i: e.id, t: e.type })));
  const rows = await query<{ event_id: string }>(
    em,
    sql`insert into event_receipt (account_id, event_id, type)
     select ${accountId}, e.i, e.t from json_to_recordset(${receipts}::json) as e(i uuid, t text) order by e.i
     on conflict (account_id, event_id) do nothing
     returning event_id`,
  );
  const fresh = new Set(rows.map((r) => r.event_id));
  const old = events.filter((e) => !fresh.has(e.id));
  return { fresh, seen: old.length ? await receiptTypes(em, accountId, old) : new Map() };
}

/**
 * Forgets the receipts of events that were reported as conflicts and not applied, so sending
 * them again reports the same conflict instead of a duplicate.
 */
export async function dropReceipts(em: EntityManager, accountId: number, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await query(
    em,
    sql`delete from event_receipt where account_id = ${accountId} and event_id in (select json_array_elements_text(${JSON.stringify(ids)}::json)::uuid)`,
  );
}
