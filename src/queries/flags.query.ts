import { type EntityManager, IsolationLevel } from '@mikro-orm/postgresql';
import { query, raw, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import {
  compareVersions,
  type DenialFlag,
  type FlagThresholds,
  type FlagWindow,
  type IdleSeatFlag,
  newestVersion,
  type OutdatedVersionFlag,
  type UnderusedPoolFlag,
} from '../domain/flags.js';
import { resolveHistoryWindow, trailingWindow } from '../domain/time-window.js';
import { codeLabels } from './code-labels.query.js';
import { frequentDenials } from './denials.query.js';
import { underusedPools } from './pool-usage.query.js';

/**
 * Active activations (SUL/MUL) whose user had no session with the product in the window:
 * none started in it, none still open, none that ended in it. An activation made inside the
 * window is not idle yet: it has not had the whole window to be used. The cheap test (no
 * session started in the window, an index range) runs first; only its survivors get the
 * look at older sessions and the last session.
 */
export async function idleSeats(
  em: EntityManager,
  accountId: number,
  window: FlagWindow,
  idleDays: number,
): Promise<IdleSeatFlag[]> {
  const sameUser = raw('s.account_id = c.account_id and s.user_email = c.user_email and s.product_id = c.product_id');
  const rows = await query<{
    user_email: string;
    machine: string;
    activated_ms: number;
    license_id: number;
    ac_prefix: string;
    product_name: string;
    last_ms: number | null;
  }>(
    em,
    sql`with candidates as materialized (
      select a.id, a.account_id, a.user_email, a.machine, a.activated_at, l.id as license_id, l.product_id,
        l.ac_prefix, p.name as product_name, p.position
      from activation a
      join license l on l.id = a.license_id and l.type <> 'HWK'
      join product p on p.id = l.product_id
      where a.account_id = ${accountId} and a.deactivated_at is null and a.activated_at <= ${window.from}
        and not exists (
          select 1 from session s where s.account_id = a.account_id and s.user_email = a.user_email
            and s.product_id = l.product_id and s.started_at >= ${window.from})
    )
    select c.user_email, c.machine, ${epochMs('c.activated_at')} as activated_ms, c.license_id, c.ac_prefix,
      c.product_name, (select ${epochMs('max(coalesce(s.ended_at, s.last_heartbeat_at))')}
        from session s where ${sameUser}) as last_ms
    from candidates c
    where not exists (
      select 1 from session s where ${sameUser} and s.started_at < ${window.from}
        and (s.ended_at is null or s.ended_at >= ${window.from}))
    order by c.position, c.user_email, c.machine, c.id`,
  );
  const label = await codeLabels(em, accountId);
  return rows.map((r) => ({
    kind: 'idle_seat',
    productName: r.product_name,
    licenseId: r.license_id,
    acPrefix: r.ac_prefix,
    codeLabel: label(r.license_id, r.ac_prefix),
    userEmail: r.user_email,
    machine: r.machine,
    activatedAt: new Date(r.activated_ms),
    lastSessionAt: r.last_ms === null ? null : new Date(r.last_ms),
    idleDays,
    window,
  }));
}

/**
 * Users whose latest session in the window ran an older version than the newest seen there
 * for the product. One pass groups the window's sessions by (product, user, version) with
 * each group's latest start; the rest is done here on those few rows.
 */
export async function outdatedVersions(
  em: EntityManager,
  accountId: number,
  window: FlagWindow,
): Promise<OutdatedVersionFlag[]> {
  const groups = await query<{
    product_id: number;
    product_name: string;
    position: number;
    user_email: string;
    version: string;
    latest_ms: number;
  }>(
    em,
    sql`select g.*, p.name as product_name, p.position from (
      select s.product_id, s.user_email, s.version, ${epochMs('max(s.started_at)')} as latest_ms
      from session s
      where s.account_id = ${accountId} and s.started_at >= ${window.from} and s.started_at < ${window.to}
        and s.license_id not in (select id from license where account_id = ${accountId} and type = 'HWK')
      group by s.product_id, s.user_email, s.version
    ) g join product p on p.id = g.product_id`,
  );
  const versions = new Map<number, string[]>();
  const latest = new Map<string, (typeof groups)[number]>();
  for (const g of groups) {
    versions.set(g.product_id, [...(versions.get(g.product_id) ?? []), g.version]);
    const key = `${g.product_id}\u0000${g.user_email}`;
    const seen = latest.get(key);
    // Two versions started at the same instant: the newer one counts (no false alarm).
    if (
      !seen ||
      g.latest_ms > seen.latest_ms ||
      (g.latest_ms === seen.latest_ms && compareVersions(g.version, seen.version) > 0)
    ) {
      latest.set(key, g);
    }
  }
  const newest = new Map([...versions].map(([id, list]) => [id, newestVersion(list)!]));
  return [...latest.values()]
    .filter((r) => compareVersions(r.version, newest.get(r.product_id)!) < 0)
    .sort((a, b) => a.position - b.position || (a.user_email < b.user_email ? -1 : a.user_email > b.user_email ? 1 : 0))
    .map((r) => ({
      kind: 'outdated_version',
      productName: r.product_name,
      userEmail: r.user_email,
      version: r.version,
      newestVersion: newest.get(r.product_id)!,
      lastSessionAt: new Date(r.latest_ms),
      window,
    }));
}

export interface FlagsResult {
  thresholds: FlagThresholds;
  idleSeats: IdleSeatFlag[];
  underusedPools: UnderusedPoolFlag[];
  frequentDenials: DenialFlag[];
  outdatedVersions: OutdatedVersionFlag[];
}

/**
 * Every flag (docs/numbers.md, Flags) with the account's thresholds, each computed on its own window
 * ending `now`. Outdated versions use the session history's default window (3 months).
 */
export async function computeFlags(
  em: EntityManager,
  accountId: number,
  options: { thresholds: FlagThresholds; now: Date; timeZone: string },
): Promise<FlagsResult> {
  const { thresholds: t, now, timeZone } = options;
  const lastDays = (days: number): FlagWindow => {
    const { from, to } = trailingWindow(days, now, timeZone);
    return { from, to };
  };
  const history = resolveHistoryWindow({}, now, timeZone);
  // One read-only snapshot for all four, so they describe the same moment. JIT is off: its
  // compile time (~0.5 s) costs more than these index-driven queries take to run. The
  // version groups are far fewer than the planner guesses; a little more work_mem lets it
  // hash them instead of sorting a million sessions on disk.
  return em.transactional(
    async (tx) => {
      await query(tx, sql`set local jit = off`);
      await query(tx, sql`set local work_mem = '32MB'`);
      return {
        thresholds: t,
        idleSeats: await idleSeats(tx, accountId, lastDays(t.idleSeatDays), t.idleSeatDays),
        underusedPools: await underusedPools(tx, accountId, lastDays(t.poolWindowDays)),
        frequentDenials: await frequentDenials(
          tx,
          accountId,
          lastDays(t.denialWindowDays),
          t.denialThreshold,
          timeZone,
        ),
        outdatedVersions: await outdatedVersions(tx, accountId, { from: history.from, to: history.to }),
      };
    },
    { isolationLevel: IsolationLevel.REPEATABLE_READ, readOnly: true },
  );
}
