import type { EntityManager } from '@mikro-orm/postgresql';
import { activationsUsedSql } from '../db/activations-used.sql.js';
import { query, sql } from '../db/sql.js';
import { pgDate } from '../db/sql-time.js';
import type { ResolvedEvent } from './event-rules.js';
import type { Outcome } from './session-events.js';

type ActivationEvent = Extract<ResolvedEvent, { type: 'activation' | 'deactivation' }>;

/**
 * A computer activated with an AC. Already active for the same user and machine: no-op.
 * All activations used: refused, with the advice of the vendor portal (see docs/numbers.md, Activations).
 */
export async function activate(em: EntityManager, accountId: number, event: ActivationEvent): Promise<Outcome> {
  // Lock the license first, in its own statement, so the count below is taken after any
  // concurrent activation of the same license has committed (read committed takes a new
  // snapshot per statement): two machines can never both take the last activation.
  await query(em, sql`select 1 from license where id = ${event.license.id} and account_id = ${accountId} for update`);
  const [state] = await query<{ allowed: number; used: number; held: boolean }>(
    em,
    sql`select l.activations_allowed as allowed,
            ${activationsUsedSql('l')} as used,
            exists(select 1 from activation a where a.license_id = l.id and a.deactivated_at is null
                      and a.user_email = ${event.user} and a.machine = ${event.machine}) as held
       from license l where l.id = ${event.license.id}`,
  );
  if (!state) throw new Error(`license ${event.license.id} vanished during the request`);
  if (state.held) return 'noop';
  if (state.used >= state.allowed) {
    return {
      field: 'activationCode',
      message:
        `no activations available for ${event.license.shown} (${state.used} of ${state.allowed} used): ` +
        'delete unused activations (send a deactivation) or buy more licenses to activate more computers',
    };
  }
  await query(
    em,
    sql`insert into activation (account_id, license_id, user_email, machine, activated_at)
     values (${accountId}, ${event.license.id}, ${event.user}, ${event.machine}, ${event.at}::timestamptz)`,
  );
  return 'applied';
}

/**
 * Ends the active activation of this user and machine. One already deactivated: no-op;
 * none ever made: refused, because the numbers behind "activations used" would be wrong.
 */
export async function deactivate(em: EntityManager, accountId: number, event: ActivationEvent): Promise<Outcome> {
  const [row] = await query<{ id: number; activated_at: string; deactivated_at: string | null }>(
    em,
    sql`select id, activated_at, deactivated_at from activation
      where account_id = ${accountId} and license_id = ${event.license.id}
        and user_email = ${event.user} and machine = ${event.machine}
      order by deactivated_at is null desc, activated_at desc limit 1 for update`,
  );
  if (!row) {
    return {
      field: 'machine',
      message: `${event.user} has no activation of ${event.license.shown} on "${event.machine}" to deactivate`,
    };
  }
  if (row.deactivated_at) return 'noop';
  const [changed] = await query(
    em,
    sql`update activation set deactivated_at = ${event.at}::timestamptz
      where id = ${row.id} and activated_at <= ${event.at}::timestamptz returning id`,
  );
  if (!changed) return { field: 'at', message: `is before the activation (${pgDate(row.activated_at).toISOString()})` };
  return 'applied';
}
