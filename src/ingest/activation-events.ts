import type { EntityManager } from '@mikro-orm/postgresql';
import type { ResolvedEvent } from './event-rules.js';
import type { Outcome } from './session-events.js';
import { pgDate, sqlRows } from './sql.js';

type ActivationEvent = Extract<ResolvedEvent, { type: 'activation' | 'deactivation' }>;

/**
 * A computer activated with an AC. Already active for the same user and machine: no-op.
 * All activations used: refused, with the advice of the vendor portal (SPEC §1).
 */
export async function activate(em: EntityManager, accountId: number, event: ActivationEvent): Promise<Outcome> {
  // Lock the license first, in its own statement, so the count below is taken after any
  // concurrent activation of the same license has committed (read committed takes a new
  // snapshot per statement): two machines can never both take the last activation.
  await sqlRows(em, 'select 1 from license where id = ? and account_id = ? for update', [event.license.id, accountId]);
  const [state] = await sqlRows<{ allowed: number; used: number; held: boolean }>(
    em,
    `select l.activations_allowed as allowed,
            (select count(*)::int from activation a where a.license_id = l.id and a.deactivated_at is null) as used,
            exists(select 1 from activation a where a.license_id = l.id and a.deactivated_at is null
                      and a.user_email = ? and a.machine = ?) as held
       from license l where l.id = ?`,
    [event.user, event.machine, event.license.id],
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
  await sqlRows(
    em,
    `insert into activation (account_id, license_id, user_email, machine, activated_at)
     values (?, ?, ?, ?, ?::timestamptz)`,
    [accountId, event.license.id, event.user, event.machine, event.at],
  );
  return 'applied';
}

/**
 * Ends the active activation of this user and machine. One already deactivated: no-op;
 * none ever made: refused, because the numbers behind "activations used" would be wrong.
 */
export async function deactivate(em: EntityManager, accountId: number, event: ActivationEvent): Promise<Outcome> {
  const [row] = await sqlRows<{ id: number; activated_at: string; deactivated_at: string | null }>(
    em,
    `select id, activated_at, deactivated_at from activation
      where account_id = ? and license_id = ? and user_email = ? and machine = ?
      order by deactivated_at is null desc, activated_at desc limit 1 for update`,
    [accountId, event.license.id, event.user, event.machine],
  );
  if (!row) {
    return {
      field: 'machine',
      message: `${event.user} has no activation of ${event.license.shown} on "${event.machine}" to deactivate`,
    };
  }
  if (row.deactivated_at) return 'noop';
  const [changed] = await sqlRows(
    em,
    'update activation set deactivated_at = ?::timestamptz where id = ? and activated_at <= ?::timestamptz returning id',
    [event.at, row.id, event.at],
  );
  if (!changed) return { field: 'at', message: `is before the activation (${pgDate(row.activated_at).toISOString()})` };
  return 'applied';
}
