import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { requireAccount } from '../accounts/account.service.js';
import type { Config } from '../config.js';
import { openOrm } from '../db/orm.js';
import { pgQuery, sql } from '../db/sql.js';
import { activationCodePrefix, CATALOGUE, type LicenseType } from '../domain/license.js';
import { UserError } from '../errors.js';
import { SCALE_SPECS, type Scale } from './scales.js';
import { insertLicenses, streamUsage } from './seed-loader.js';
import type { UsageStats } from './usage-simulator.js';
import { planWorld } from './world.js';

export interface SeedOptions {
  scale: Scale;
  seed: number;
  /** Everything is anchored here: the window is the `days` before it. */
  endMs: number;
  account: string;
  /** Delete the account's licenses and usage first instead of refusing. */
  replace?: boolean;
  onDay?: (day: number, days: number) => void;
}

export interface SeedSummary {
  account: string;
  timeZone: string;
  startMs: number;
  endMs: number;
  /** Licenses deleted by --replace. */
  replacedLicenses: number;
  licenses: {
    product: string;
    type: LicenseType;
    seats: number;
    activationsAllowed: number;
    expiresAt: string;
    prefix: string;
  }[];
  users: number;
  activations: number;
  deactivations: number;
  usage: UsageStats;
  elapsedMs: number;
}

/** First key of the advisory lock that keeps two seeds out of one account at the same time. */
const SEED_LOCK = 0x5eed;

/**
 * Generates a scale's data into one account. Licenses and activations are written in one
 * transaction (with --replace, together with deleting the old data), then sessions and events
 * stream in over two connections; if anything fails, everything this seed wrote is deleted.
 * Refuses an account that already has licenses unless `replace` is set.
 */
export async function seedAccount(config: Config, options: SeedOptions): Promise<SeedSummary> {
  const began = performance.now();
  const orm = await openOrm(config.DATABASE_URL);
  const account = await requireAccount(orm.em.fork(), options.account).finally(() => orm.close());
  const world = planWorld(SCALE_SPECS[options.scale], options.seed, options.endMs, account.timeZone);
  const connect = async () => {
    const client = new pg.Client({ connectionString: config.DATABASE_URL });
    await client.connect();
    return client;
  };
  const main = await connect();
  const copies: pg.Client[] = [];
  let licensesWritten = false;
  try {
    const { rows } = await main.query<{ ok: boolean }>('select pg_try_advisory_lock($1, $2) as ok', [
      SEED_LOCK,
      account.id,
    ]);
    if (!rows[0]!.ok)
      throw new UserError(`Another seed is writing into account "${account.slug}" right now.`, 'Wait for it to end.');
    await main.query('begin');
    const replacedLicenses = await clearOrRefuse(main, account, options.replace ?? false);
    const loaded = await insertLicenses(main, account.id, world, config.HASH_SECRET);
    await main.query('commit');
    licensesWritten = true;
    copies.push(await connect(), await connect());
    const [sessions, events] = copies as [pg.Client, pg.Client];
    await Promise.all([sessions.query('begin'), events.query('begin')]);
    const usage = await streamUsage({ sessions, events }, account.id, world, options.seed, loaded, options.onDay);
    await sessions.query('commit');
    await events.query('commit');
    return {
      account: account.slug,
      timeZone: account.timeZone,
      startMs: world.startMs,
      endMs: world.endMs,
      replacedLicenses,
      licenses: world.licenses.map((l) => ({
        product: CATALOGUE[l.product]!,
        type: l.type,
        seats: l.seats,
        activationsAllowed: l.activationsAllowed,
        expiresAt: l.expiresAt,
        prefix: activationCodePrefix(l.activationCode),
      })),
      users: new Set(world.activations.map((a) => a.email)).size,
      activations: loaded.activations,
      deactivations: world.activations.filter((a) => a.deactivatedAt !== null).length,
      usage,
      elapsedMs: Math.round(performance.now() - began),
    };
  } catch (error) {
    const ignore = () => undefined;
    await main.query('rollback').catch(ignore);
    for (const client of copies) await client.query('rollback').catch(ignore);
    if (licensesWritten) await deleteAccountData(main, account.id).catch(ignore);
    throw error;
  } finally {
    // Ending the main connection also releases the advisory lock.
    await Promise.all([main, ...copies].map((c) => c.end().catch(() => undefined)));
  }
}

async function clearOrRefuse(client: pg.Client, account: { id: number; slug: string }, replace: boolean) {
  const [count] = await pgQuery<{ n: number }>(
    client,
    sql`select count(*)::int as n from license where account_id = ${account.id}`,
  );
  const existing = count!.n;
  if (existing === 0) return 0;
  if (!replace) {
    throw new UserError(
      `Account "${account.slug}" already has ${existing} license(s); seed never mixes generated data into existing data.`,
      `Seed a new account (licbot account create --name NAME --slug SLUG, then --account SLUG), or pass --replace to delete the licenses, activations, sessions, events and resets of "${account.slug}" first.`,
    );
  }
  await deleteAccountData(client, account.id);
  return existing;
}

/** Everything that hangs off an account's licenses; products, keys and settings stay. */
async function deleteAccountData(client: pg.Client, accountId: number): Promise<void> {
  const deletes = [
    sql`delete from stats_reset_license where license_id in (select id from license where account_id = ${accountId})`,
    sql`delete from stats_reset where account_id = ${accountId}`,
    sql`delete from alert_state where account_id = ${accountId}`,
    sql`delete from access_event where account_id = ${accountId}`,
    sql`delete from event_receipt where account_id = ${accountId}`,
    sql`delete from session where account_id = ${accountId}`,
    sql`delete from activation where account_id = ${accountId}`,
    sql`delete from license where account_id = ${accountId}`,
  ];
  for (const statement of deletes) await pgQuery(client, statement);
}
