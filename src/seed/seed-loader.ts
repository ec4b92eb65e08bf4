import type pg from 'pg';
import { pgQuery, sql } from '../db/sql.js';
import { activationCodePrefix, CATALOGUE, normalizeActivationCode } from '../domain/license.js';
import { hashActivationCode } from '../domain/secrets.js';
import { CopyWriter, isoTime } from './copy-writer.js';
import type { World } from './plan-types.js';
import { UsageSimulator, type UsageSink, type UsageStats } from './usage-simulator.js';

/** Rows buffered per table before they are handed to the COPY stream. */
const BATCH_ROWS = 20_000;

export interface LoadedLicenses {
  licenseIds: number[];
  /** Product id of each license, same order. */
  productIds: number[];
}

/** Inserts the planned licenses and their activations; returns the new ids in plan order. */
export async function insertLicenses(
  client: pg.ClientBase,
  accountId: number,
  world: World,
  hashSecret: string,
): Promise<LoadedLicenses & { activations: number }> {
  const catalogue = await catalogueProductIds(client, accountId);
  const licenseIds: number[] = [];
  for (const license of world.licenses) {
    // The same normalisation, prefix and keyed hash as upsertLicense, so the API finds these by code.
    const code = normalizeActivationCode(license.activationCode);
    const rows = await pgQuery<{ id: number }>(
      client,
      sql`insert into license (account_id, product_id, type, seats, activations_allowed, expires_at, ac_prefix, ac_hash)
       values (${accountId}, ${catalogue[license.product]}, ${license.type}, ${license.seats},
               ${license.activationsAllowed}, ${license.expiresAt}, ${activationCodePrefix(code)},
               ${hashActivationCode(code, hashSecret)}) returning id`,
    );
    licenseIds.push(rows[0]!.id);
  }
  const columns = ['account_id', 'license_id', 'user_email', 'machine', 'activated_at', 'deactivated_at'];
  const activations = new CopyWriter(client, 'activation', columns);
  for (const a of world.activations) {
    const deactivated = a.deactivatedAt === null ? null : isoTime(a.deactivatedAt);
    activations.push([accountId, licenseIds[a.license]!, a.email, a.machine, isoTime(a.activatedAt), deactivated]);
  }
  await activations.close();
  const productIds = world.licenses.map((l) => catalogue[l.product]!);
  return { licenseIds, productIds, activations: activations.rowCount };
}

const SESSION_COLUMNS = [
  'account_id',
  'client_session_id',
  'license_id',
  'product_id',
  'user_email',
  'machine',
  'version',
  'started_at',
  'last_heartbeat_at',
  'ended_at',
];
const EVENT_COLUMNS = [
  'account_id',
  'event_id',
  'license_id',
  'mode',
  'user_email',
  'machine',
  'version',
  'occurred_at',
  'received_at',
];

/**
 * Simulates the usage and streams it into two COPYs on two connections at once: PostgreSQL
 * checks each row's foreign keys one by one, so two backends load about twice as fast as one.
 */
export async function streamUsage(
  clients: { sessions: pg.ClientBase; events: pg.ClientBase },
  accountId: number,
  world: World,
  seed: number,
  ids: LoadedLicenses,
  onDay: (day: number, days: number) => void = () => {},
): Promise<UsageStats> {
  const sessions = new CopyWriter(clients.sessions, 'session', SESSION_COLUMNS);
  const events = new CopyWriter(clients.events, 'access_event', EVENT_COLUMNS);
  const { licenseIds, productIds } = ids;
  const sink: UsageSink = {
    session(id, license, email, machine, version, started, heartbeat, ended) {
      const end = ended === null ? null : isoTime(ended);
      const row = [accountId, id, licenseIds[license]!, productIds[license]!, email, machine, version];
      sessions.push([...row, isoTime(started), isoTime(heartbeat), end]);
    },
    event(id, license, mode, email, machine, version, at) {
      // Seeded events "arrive" when they occur: none is late, so resets treat them plainly.
      const when = isoTime(at);
      events.push([accountId, id, licenseIds[license]!, mode, email, machine, version, when, when]);
    },
  };
  const simulator = new UsageSimulator(world, seed);
  let failure: unknown;
  try {
    for (let day = 0; day < simulator.dayCount; day++) {
      simulator.simulateDay(day, sink);
      if (sessions.pending >= BATCH_ROWS) await sessions.flush();
      if (events.pending >= BATCH_ROWS) await events.flush();
      onDay(day + 1, simulator.dayCount);
    }
    simulator.finish(sink);
  } catch (error) {
    failure = error;
  }
  // Always end both COPYs so their connections can still ROLLBACK, whatever happened.
  const closed = await Promise.allSettled([sessions.close(), events.close()]);
  if (failure) throw failure;
  for (const c of closed) if (c.status === 'rejected') throw c.reason;
  return simulator.stats;
}

/** Product ids in catalogue order; an account missing a catalogue product gets it appended. */
async function catalogueProductIds(client: pg.ClientBase, accountId: number): Promise<number[]> {
  const ids: number[] = [];
  for (const name of CATALOGUE) {
    const rows = await pgQuery<{ id: number }>(
      client,
      sql`with found as (select id from product where account_id = ${accountId} and lower(name) = lower(${name})),
            added as (
              insert into product (account_id, name, position)
              select ${accountId}, ${name},
                     coalesce((select max(position) from product where account_id = ${accountId}), 0) + 1
              where not exists (select 1 from found)
              returning id)
       select id from found union all select id from added`,
    );
    ids.push(rows[0]!.id);
  }
  return ids;
}
