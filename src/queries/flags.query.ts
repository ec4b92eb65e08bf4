import type { EntityManager } from '@mikro-orm/postgresql';
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
import { frequentDenials } from './denials.query.js';
import { underusedPools } from './pool-usage.query.js';

/**
 * Active activations (SUL/MUL) whose user had no session with the product in the window:
 * none started in it, none still open, none that ended in it. An activation made inside the
 * window is not idle yet: it has not had the whole window to be used.
 */
export async function idleSeats(
  em: EntityManager,
  accountId: number,
  window: FlagWindow,
  idleDays: number,
): Promise<IdleSeatFlag[]> {
  const sameUser = raw('s.account_id = a.account_id and s.user_email = a.user_email and s.product_id = l.product_id');
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
    sql`select a.user_email, a.machine, ${raw(epochMs('a.activated_at'))} as activated_ms, l.id as license_id,
      l.ac_prefix, p.name as product_name,
      (select ${raw(epochMs('max(coalesce(s.ended_at, s.last_heartbeat_at))'))} from session s where ${sameUser}) as last_ms
    from activation a
    join license l on l.id = a.license_id and l.type <> 'HWK'
    join product p on p.id = l.product_id
    where a.account_id = ${accountId} and a.deactivated_at is null and a.activated_at <= ${window.from}
      and not exists (select 1 from session s where ${sameUser} and s.started_at >= ${window.from})
      and not exists (
        select 1 from session s where ${sameUser} and s.started_at < ${window.from}
          and (s.ended_at is null or s.ended_at >= ${window.from}))
    order by p.position, a.user_email, a.machine, a.id`,
  );
  return rows.map((r) => ({
    kind: 'idle_seat',
    productName: r.product_name,
    licenseId: r.license_id,
    acPrefix: r.ac_prefix,
    userEmail: r.user_email,
    machine: r.machine,
    activatedAt: new Date(r.activated_ms),
    lastSessionAt: r.last_ms === null ? null : new Date(r.last_ms),
    idleDays,
    window,
  }));
}

/** Users whose latest session in the window ran an older version than the newest seen there. */
export async function outdatedVersions(
  em: EntityManager,
  accountId: number,
  window: FlagWindow,
): Promise<OutdatedVersionFlag[]> {
  const inWindow = sql`s.account_id = ${accountId} and s.started_at >= ${window.from} and s.started_at < ${window.to}
    and not exists (select 1 from license l where l.id = s.license_id and l.type = 'HWK')`;
  const versions = await query<{ product_id: number; version: string }>(
    em,
    sql`select distinct s.product_id, s.version from session s where ${inWindow}`,
  );
  const seen = new Map<number, string[]>();
  for (const v of versions) seen.set(v.product_id, [...(seen.get(v.product_id) ?? []), v.version]);
  const newest = new Map([...seen].map(([id, list]) => [id, newestVersion(list)!]));
  const latest = await query<{
    product_id: number;
    product_name: string;
    user_email: string;
    version: string;
    started_ms: number;
  }>(
    em,
    sql`select l.*, p.name as product_name from (
      select distinct on (s.product_id, s.user_email) s.product_id, s.user_email, s.version,
        ${raw(epochMs('s.started_at'))} as started_ms
      from session s where ${inWindow}
      order by s.product_id, s.user_email, s.started_at desc, s.id desc
    ) l join product p on p.id = l.product_id
    order by p.position, l.user_email`,
  );
  return latest
    .filter((r) => compareVersions(r.version, newest.get(r.product_id)!) < 0)
    .map((r) => ({
      kind: 'outdated_version',
      productName: r.product_name,
      userEmail: r.user_email,
      version: r.version,
      newestVersion: newest.get(r.product_id)!,
      lastSessionAt: new Date(r.started_ms),
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
 * Every flag of SPEC §1 with the account's thresholds, each computed on its own window
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
  return {
    thresholds: t,
    idleSeats: await idleSeats(em, accountId, lastDays(t.idleSeatDays), t.idleSeatDays),
    underusedPools: await underusedPools(em, accountId, lastDays(t.poolWindowDays)),
    frequentDenials: await frequentDenials(em, accountId, lastDays(t.denialWindowDays), t.denialThreshold, timeZone),
    outdatedVersions: await outdatedVersions(em, accountId, { from: history.from, to: history.to }),
  };
}
