import type { EntityManager } from '@mikro-orm/postgresql';
import { lockAccount } from '../db/account-lock.js';
import { audit } from '../db/audit.js';
import { codeLabels } from '../db/code-labels.js';
import { countersOfRow, licenseModeCountsSql, type ModeCountsRow } from '../db/license-counters.sql.js';
import { empty, joinSql, query, sql } from '../db/sql.js';
import { epochMs } from '../db/sql-time.js';
import type { Counters } from '../domain/counters.js';
import type { LicenseType } from '../domain/license.js';
import { UserError } from '../errors.js';

/** What a reset covers: one license, one product, or every license of the account. */
export type ResetScope =
  | { kind: 'all' }
  | { kind: 'product'; productId: number }
  | { kind: 'license'; licenseId: number };

export interface ResetLicense {
  licenseId: number;
  productName: string;
  acPrefix: string;
  /** How its code is shown (see code-labels.ts). */
  codeLabel: string;
  type: LicenseType;
  /** The counters just before the reset. */
  before: Counters;
}

export interface ResetRecord {
  resetId: number;
  /** The database's clock at the reset: events that occurred after it count again. */
  at: Date;
  scope: string;
  byUser: string;
  licenses: ResetLicense[];
  /** HWK licenses in the scope, left alone (they have no counters). */
  skippedHwk: number;
}

interface ScopeRow {
  id: number;
  type: LicenseType;
  ac_prefix: string;
  product_name: string;
}

function checkActor(by: string): string {
  const actor = by.trim();
  if (!actor || actor.length > 320) throw new UserError('A reset must say who made it.', 'Pass --by EMAIL.');
  return actor;
}

/**
 * Zeroes the counters of the licenses in scope without deleting anything: records a reset at
 * the database's clock with the counters just before it (computed in the same transaction,
 * over exactly the events counting will skip from now on), and an audit entry. Resets and
 * undos of one account are serialized by locking its row.
 */
export async function resetStats(
  em: EntityManager,
  accountId: number,
  scope: ResetScope,
  by: string,
): Promise<ResetRecord> {
  const actor = checkActor(by);
  return em.transactional(async (tx) => {
    await lockAccount(tx, accountId);
    const inScope = await query<ScopeRow>(
      tx,
      sql`select l.id, l.type, l.ac_prefix, p.name as product_name, p.position
      from license l join product p on p.id = l.product_id
      where l.account_id = ${accountId} ${scopeFilter(scope)} order by p.position, l.ac_prefix, l.id`,
    );
    const countable = inScope.filter((l) => l.type !== 'HWK');
    const scopeName = await describeScope(tx, accountId, scope);
    if (countable.length === 0) {
      throw new UserError(
        inScope.length
          ? `${scopeName} has only HWK licenses, which have no counters.`
          : `${scopeName} has no licenses.`,
        'Nothing was reset.',
      );
    }
    // The reset's instant is taken after the lock (not the transaction's start), so resets
    // of one account are strictly ordered; the counters before it are the events up to it.
    const [reset] = await query<{ id: number; at: number }>(
      tx,
      sql`insert into stats_reset (account_id, scope, at, by_user) values (${accountId}, ${scopeName}, clock_timestamp(), ${actor})
      returning id, ${epochMs('at')} as at`,
    );
    const counted = licenseModeCountsSql({
      accountId,
      licenseIds: countable.map((l) => l.id),
      upToResetId: reset!.id,
    });
    const countRows = await query<ModeCountsRow>(tx, counted);
    const before = new Map(countRows.map((r) => [r.license_id, countersOfRow(r)!]));
    const label = await codeLabels(tx, accountId);
    const licenses = countable.map(
      (l): ResetLicense => ({
        licenseId: l.id,
        productName: l.product_name,
        acPrefix: l.ac_prefix,
        codeLabel: label(l.id, l.ac_prefix),
        type: l.type,
        before: before.get(l.id)!,
      }),
    );
    const values = licenses.map(
      ({ licenseId, before: b }) =>
        sql`(${reset!.id}, ${licenseId}, ${b.full}, ${b.limited}, ${b.declined}, ${b.takes}, ${b.takeDenied}, ${b.checkouts})`,
    );
    await query(
      tx,
      sql`insert into stats_reset_license (reset_id, license_id, full_before, limited_before, declined_before,
        takes_before, take_denied_before, checkouts_before)
      values ${joinSql(values, ', ')}`,
    );
    await audit(tx, accountId, actor, 'stats.reset', {
      resetId: reset!.id,
      scope: scopeName,
      licenses: licenses.map((l) => ({ licenseId: l.licenseId, acPrefix: l.acPrefix, before: l.before })),
    });
    return {
      resetId: reset!.id,
      at: new Date(reset!.at),
      scope: scopeName,
      byUser: actor,
      licenses,
      skippedHwk: inScope.length - countable.length,
    };
  });
}

export interface UndoneReset {
  resetId: number;
  scope: string;
  at: Date;
  byUser: string;
  undoneAt: Date;
  licenses: number;
}

/** The account's latest reset that is not undone: what an undo would undo. */
export async function lastReset(em: EntityManager, accountId: number): Promise<LastReset | undefined> {
  const [row] = await query<{ id: number; scope: string; at: number; by_user: string; licenses: number }>(
    em,
    sql`select r.id, r.scope, ${epochMs('r.at')} as at, r.by_user,
      (select count(*) from stats_reset_license srl where srl.reset_id = r.id)::int as licenses
    from stats_reset r where r.account_id = ${accountId} and r.undone_at is null order by r.at desc, r.id desc limit 1`,
  );
  return (
    row && { resetId: row.id, scope: row.scope, at: new Date(row.at), byUser: row.by_user, licenses: row.licenses }
  );
}

export interface LastReset {
  resetId: number;
  scope: string;
  at: Date;
  byUser: string;
  licenses: number;
}

export const NO_RESET_TO_UNDO = new UserError(
  'There is no reset to undo.',
  'Every reset has been undone already, or none was made.',
);

/**
 * Undoes the account's latest reset that is not undone yet: counting falls back to the one
 * before. With `expectedResetId`, refuses when the latest reset is another one (someone
 * reset or undid in the meantime), checked under the account lock.
 */
export async function undoLastReset(
  em: EntityManager,
  accountId: number,
  by: string,
  expectedResetId?: number,
): Promise<UndoneReset> {
  const actor = checkActor(by);
  return em.transactional(async (tx) => {
    await lockAccount(tx, accountId);
    const last = await lastReset(tx, accountId);
    if (!last) throw NO_RESET_TO_UNDO;
    if (expectedResetId !== undefined && last.resetId !== expectedResetId) {
      throw new UserError(
        'The last reset changed since this was shown; nothing was undone.',
        'Run the undo again to see the current last reset.',
      );
    }
    const [done] = await query<{ undone_at: number }>(
      tx,
      sql`update stats_reset set undone_at = clock_timestamp(), undone_by = ${actor} where id = ${last.resetId}
      returning ${epochMs('undone_at')} as undone_at`,
    );
    await audit(tx, accountId, actor, 'stats.undo_reset', {
      resetId: last.resetId,
      scope: last.scope,
      at: last.at.toISOString(),
      by: last.byUser,
    });
    return { ...last, undoneAt: new Date(done!.undone_at) };
  });
}

/** The licenses of a scope, as a condition on `license l`. */
function scopeFilter(scope: ResetScope) {
  if (scope.kind === 'product') return sql`and l.product_id = ${scope.productId}`;
  if (scope.kind === 'license') return sql`and l.id = ${scope.licenseId}`;
  return empty;
}

async function describeScope(em: EntityManager, accountId: number, scope: ResetScope): Promise<string> {
  if (scope.kind === 'all') return 'All products';
  if (scope.kind === 'product') {
    const [row] = await query<{ name: string }>(
      em,
      sql`select name from product where id = ${scope.productId} and account_id = ${accountId}`,
    );
    if (!row) throw new UserError(`No product with id ${scope.productId} in this account.`);
    return row.name;
  }
  const [row] = await query<{ name: string; ac_prefix: string }>(
    em,
    sql`select p.name, l.ac_prefix from license l join product p on p.id = l.product_id
      where l.id = ${scope.licenseId} and l.account_id = ${accountId}`,
  );
  if (!row) throw new UserError(`No license with id ${scope.licenseId} in this account.`);
  return `${row.name} ${(await codeLabels(em, accountId))(scope.licenseId, row.ac_prefix)}`;
}
