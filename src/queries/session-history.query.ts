import type { EntityManager } from '@mikro-orm/postgresql';
import { empty, query, raw, type Sql, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import type { TimeWindow } from '../domain/time-window.js';

/** What a session history is asked for (docs/numbers.md, Session history): a window and optional filters. */
export interface SessionFilters {
  window: TimeWindow;
  productId?: number;
  userEmail?: string;
  /** Active sessions last up to this instant; a parameter so results are exact in tests. */
  now: Date;
}

/** One session as the full view shows it. */
export interface SessionRow {
  sessionId: number;
  active: boolean;
  startedAt: Date;
  endedAt: Date | null;
  userEmail: string;
  productName: string;
  version: string;
  machine: string;
  /** Closed: end − start; active: now − start. Whole seconds. */
  durationSeconds: number;
}

/** One (email, program) row of the condensed view. */
export interface CondensedRow {
  userEmail: string;
  productName: string;
  sessions: number;
  activeSessions: number;
  /** Total, active sessions counted up to now. Whole seconds. */
  durationSeconds: number;
}

export interface FullHistory {
  active: SessionRow[];
  closed: SessionRow[];
  /** How many sessions each section has in all (the rows may be cut by a limit). */
  totalActive: number;
  totalClosed: number;
}

/**
 * The rules of a history (docs/numbers.md, Session history) as SQL pieces. A session belongs to the window when it
 * started in it; HWK licenses are left out, and so is every (user, product) whose activation
 * for that product was deactivated inside the window while they hold no active one now.
 * Emails are compared as stored (ingest is expected to store them lowercased); only the --user
 * filter ignores case. Both excluded sets are small, so the session scan stays the cost.
 */
export function historyCtes(accountId: number, f: SessionFilters): Sql {
  return sql`with hwk as (
    select id from license where account_id = ${accountId} and type = 'HWK'
  ), deactivated as (
    select distinct a.user_email as email, l.product_id
    from activation a join license l on l.id = a.license_id
    where a.account_id = ${accountId} and a.deactivated_at >= ${f.window.from} and a.deactivated_at < ${f.window.to}
      and not exists (
        select 1 from activation a2 join license l2 on l2.id = a2.license_id
        where a2.account_id = a.account_id and a2.user_email = a.user_email
          and l2.product_id = l.product_id and a2.deactivated_at is null)
  )`;
}

/** Sessions of the account that started in the window, not on HWK, with the filters. */
export function sessionsInWindow(accountId: number, f: SessionFilters): Sql {
  const product = f.productId === undefined ? empty : sql`and s.product_id = ${f.productId}`;
  const user = f.userEmail === undefined ? empty : sql`and lower(s.user_email) = lower(${f.userEmail.trim()})`;
  return sql`s.account_id = ${accountId} ${product} ${user}
    and s.started_at >= ${f.window.from} and s.started_at < ${f.window.to}
    and s.license_id not in (select id from hwk)`;
}

/** A session's duration rounded to whole seconds, as an interval (active ones up to now). */
export function durationSql(now: Date): Sql {
  return sql`date_trunc('second',
    greatest(interval '0', coalesce(s.ended_at, ${now}::timestamptz) - s.started_at) + interval '0.5 second')`;
}

export const NOT_DEACTIVATED = raw(
  'not exists (select 1 from deactivated d where d.email = s.user_email and d.product_id = s.product_id)',
);

/** Every session of the full view, with the columns SessionRecord reads, in view order. */
export function fullViewSql(accountId: number, f: SessionFilters, limit?: number): Sql {
  return sql`${historyCtes(accountId, f)}
  select s.id::float8 as id, s.user_email, p.name as product_name, s.version, s.machine,
    ${epochMs('s.started_at')} as started_ms, ${epochMs('s.ended_at')} as ended_ms,
    extract(epoch from ${durationSql(f.now)})::float8 as seconds
  from session s join product p on p.id = s.product_id
  where ${sessionsInWindow(accountId, f)} and ${NOT_DEACTIVATED}
  ${FULL_ORDER} ${limit === undefined ? empty : sql`limit ${limit}`}`;
}

export interface SessionRecord {
  id: number;
  user_email: string;
  product_name: string;
  version: string;
  machine: string;
  started_ms: number;
  ended_ms: number | null;
  seconds: number;
}

export function sessionRowOf(r: SessionRecord): SessionRow {
  return {
    sessionId: r.id,
    active: r.ended_ms === null,
    startedAt: new Date(r.started_ms),
    endedAt: r.ended_ms === null ? null : new Date(r.ended_ms),
    userEmail: r.user_email,
    productName: r.product_name,
    version: r.version,
    machine: r.machine,
    durationSeconds: r.seconds,
  };
}

/** Full view order: active sessions by start, newest first; then closed ones by end, newest first. */
export const FULL_ORDER = raw(
  'order by (s.ended_at is null) desc, coalesce(s.ended_at, s.started_at) desc, s.started_at desc, s.id desc',
);

/** The full view; `limit` caps the rows returned (active first), the totals count them all. */
export async function sessionHistoryFull(
  em: EntityManager,
  accountId: number,
  filters: SessionFilters,
  limit?: number,
): Promise<FullHistory> {
  const rows = await query<SessionRecord>(em, fullViewSql(accountId, filters, limit));
  const [totals] = await query<{ active: number; closed: number }>(
    em,
    sql`${historyCtes(accountId, filters)}
    select count(*) filter (where s.ended_at is null)::int as active,
      count(*) filter (where s.ended_at is not null)::int as closed
    from session s where ${sessionsInWindow(accountId, filters)} and ${NOT_DEACTIVATED}`,
  );
  const sessions = rows.map(sessionRowOf);
  return {
    active: sessions.filter((s) => s.active),
    closed: sessions.filter((s) => !s.active),
    totalActive: totals?.active ?? 0,
    totalClosed: totals?.closed ?? 0,
  };
}

/** The condensed view: one row per (email, program), by email, then catalogue order. */
export async function sessionHistoryCondensed(
  em: EntityManager,
  accountId: number,
  filters: SessionFilters,
): Promise<CondensedRow[]> {
  const rows = await query<{
    user_email: string;
    product_name: string;
    sessions: number;
    active: number;
    seconds: number;
  }>(
    em,
    // Grouping first and dropping deactivated (user, product) pairs after keeps the per-row
    // work down to the scan and the group-by.
    sql`${historyCtes(accountId, filters)}, grouped as (
      select s.user_email, s.product_id, count(*)::int as sessions,
        count(*) filter (where s.ended_at is null)::int as active,
        extract(epoch from sum(${durationSql(filters.now)}))::float8 as seconds
      from session s where ${sessionsInWindow(accountId, filters)}
      group by s.user_email, s.product_id
    )
    select g.*, p.name as product_name from grouped g join product p on p.id = g.product_id
    where not exists (select 1 from deactivated d where d.email = g.user_email and d.product_id = g.product_id)
    order by g.user_email, p.position, p.id`,
  );
  return rows.map((r) => ({
    userEmail: r.user_email,
    productName: r.product_name,
    sessions: r.sessions,
    activeSessions: r.active,
    durationSeconds: r.seconds,
  }));
}
