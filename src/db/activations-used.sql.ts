import { raw, type Sql, sql } from './sql.js';

/**
 * "Activations used" of the license row `alias` (docs/numbers.md, Activations): its
 * activations not deactivated plus those the portal's License Stats import counted that
 * LicBot has no activation of. The stats and the activation check both count with this, so
 * LicBot never shows one number and enforces another.
 */
export function activationsUsedSql(alias: string): Sql {
  const license = raw(alias);
  return sql`((select count(*) from activation a where a.license_id = ${license}.id and a.deactivated_at is null)::int
    + ${license}.activations_unlisted)`;
}
