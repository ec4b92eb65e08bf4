import type { EntityManager } from '@mikro-orm/postgresql';
import { empty, query, raw, type Sql, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import type { TimeWindow } from '../domain/time-window.js';

/** What a session history is asked for (SPEC §1): a window and optional filters. */
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
 * The sessions of a history. A session belongs to the window when it started in it; HWK
 * licenses are left out, and so is every (user, product) whose activation for that product
 * was deactivated inside the window while they hold no active one now. Each picked session
 * carries its duration in seconds (active ones up to `now`).
 */
export function pickedSessionsSql(accountId: number, f: SessionFilters): Sql {
  const product = f.productId === undefined ? empty : sql`and s.product_id = ${f.productId}`;
  const user = f.userEmail === undefined ? empty : sql`and lower(s.user_email) = lower(${f.userEmail.trim()})`;
  return sql`with deactivated as (
    select distinct lower(a.user_email) as email, l.product_id
    from activation a join license l on l.id = a.license_id
    where a.account_id = ${accountId} and a.deactivated_at >= ${f.window.from} and a.deactivated_at < ${f.window.to}
      and not exists (
        select 1 from activation a2 join license l2 on l2.id = a2.license_id
        where a2.account_id = a.account_id and lower(a2.user_email) = lower(a.user_email)
          and l2.product_id = l.product_id and a2.deactivated_at is null)
  ), picked as (
    select s.id, s.product_id, s.user_email, s.machine, s.version, s.started_at, s.ended_at,
      round(greatest(0, extract(epoch from coalesce(s.ended_at, ${f.now}::timestamptz) - s.started_at)))::int8
        as seconds
    from session s
    where s.account_id = ${accountId} ${product} ${user}
      and s.started_at >= ${f.window.from} and s.started_at < ${f.window.to}
      and not exists (select 1 from license l where l.id = s.license_id and l.type = 'HWK')
      and not exists (select 1 from deactivated d where d.email = lower(s.user_email) and d.product_id = s.product_id)
  )`;
}

/** Columns of a SessionRow, read by sessionRowOf. */
export const SESSION_COLUMNS = raw(`s.id::float8 as id, s.user_email, p.name as product_name, s.version, s.machine,
  ${epochMs('s.started_at')} as started_ms, ${epochMs('s.ended_at')} as ended_ms, s.seconds::float8 as seconds`);

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
  const picked = pickedSessionsSql(accountId, filters);
  const cap = limit === undefined ? empty : sql`limit ${limit}`;
  const rows = await query<SessionRecord>(
    em,
    sql`${picked} select ${SESSION_COLUMNS} from picked s join product p on p.id = s.product_id ${FULL_ORDER} ${cap}`,
  );
  const [totals] = await query<{ active: number; closed: number }>(
    em,
    sql`${picked} select count(*) filter (where ended_at is null)::int as active,
      count(*) filter (where ended_at is not null)::int as closed from picked`,
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
    sql`${pickedSessionsSql(accountId, filters)}, grouped as (
      select s.user_email, s.product_id, count(*)::int as sessions,
        count(*) filter (where s.ended_at is null)::int as active, sum(s.seconds)::float8 as seconds
      from picked s group by s.user_email, s.product_id
    )
    select g.*, p.name as product_name from grouped g join product p on p.id = g.product_id
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
