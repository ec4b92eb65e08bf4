import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import type { Account } from '../../src/db/entities/index.js';
import { type AccessMode, type LicenseType, modeAllowed } from '../../src/domain/license.js';
import { upsertLicense } from '../../src/ingest/license-upsert.js';
import { SCALE_SPECS } from '../../src/seed/scales.js';
import { planWorld } from '../../src/seed/world.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';
import { seedDump } from './seed-dump.js';

// A Monday; the 90 days before it cross the switch to summer time in Berlin (2026-03-29).
const END = '2026-04-20';
const END_MS = Date.parse(`${END}T00:00:00Z`);
const ZONE = 'Europe/Berlin';
const SEED = '7';

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await runCli(args, { stdout, stderr }, env);
  return { code, out, err };
}

describe('licbot seed --scale small', () => {
  const db = useTestDatabase();
  let env: NodeJS.ProcessEnv;
  let account: Account;
  let output: string;
  const one = async <T extends Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await db().sql<T>(text, params))[0]!;

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'default', ZONE);
    env = { DATABASE_URL: db().url, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
    const run = await cli(['seed', '--scale', 'small', '--seed', SEED, '--end', END], env);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    output = run.out;
  });

  it('prints a summary with counts and activation code prefixes only', async () => {
    const counts = await one<{ sessions: number; events: number }>(
      'select (select count(*)::int from session) as sessions, (select count(*)::int from access_event) as events',
    );
    expect(output).toContain('Seeded account "default" (Europe/Berlin)');
    expect(output).toContain(`${counts.sessions.toLocaleString('en-US')} sessions`);
    expect(output).toContain(`${counts.events.toLocaleString('en-US')} access events`);
    const world = planWorld(SCALE_SPECS.small, Number(SEED), END_MS, ZONE);
    for (const license of world.licenses) {
      expect(output).toContain(`AC ${license.activationCode.slice(0, 5)}…`);
      expect(output).not.toContain(license.activationCode.slice(0, 8));
    }
  });

  it('stores activation codes only as prefix and the same keyed hash as upsertLicense', async () => {
    const world = planWorld(SCALE_SPECS.small, Number(SEED), END_MS, ZONE);
    const dump = await db().sql<{ t: string }>(
      `select string_agg(row_to_json(x)::text, ' ') as t from license x
       union all select string_agg(row_to_json(a)::text, ' ') from activation a`,
    );
    const text = dump.map((r) => r.t).join(' ');
    for (const { activationCode } of world.licenses) expect(text).not.toContain(activationCode);
    const planned = world.licenses[0]!;
    const again = await upsertLicense(
      db().em(),
      account,
      { ...planned, product: 'AGi32', expiresAt: planned.expiresAt },
      db().config.HASH_SECRET,
    );
    expect(again.created).toBe(false);
  });

  it('covers the five products with SUL, MUL and HWK licenses, one expired and one expiring soon', async () => {
    const row = await one<Record<string, number>>(
      `select count(distinct product_id)::int as products,
              count(*) filter (where type = 'SUL')::int as sul,
              count(*) filter (where type = 'MUL')::int as mul,
              count(*) filter (where type = 'HWK')::int as hwk,
              count(*) filter (where expires_at < $1::date)::int as expired,
              count(*) filter (where expires_at >= $1::date and expires_at < $1::date + 30)::int as expiring
         from license`,
      [END],
    );
    expect(row).toEqual({ products: 5, sul: 3, mul: 5, hwk: 2, expired: 1, expiring: 1 });
  });

  it('has no usage at all on hardware keys', async () => {
    const row = await one<Record<string, number>>(
      `select (select count(*)::int from access_event e join license l on l.id = e.license_id where l.type = 'HWK') as events,
              (select count(*)::int from session s join license l on l.id = s.license_id where l.type = 'HWK') as sessions,
              (select count(*)::int from activation a join license l on l.id = a.license_id where l.type = 'HWK') as activations`,
    );
    expect(row).toEqual({ events: 0, sessions: 0, activations: 0 });
  });

  it('never reports a mode its license type does not allow, and has every mode', async () => {
    const rows = await db().sql<{ type: LicenseType; mode: AccessMode; n: number }>(
      `select l.type, e.mode, count(*)::int as n from access_event e join license l on l.id = e.license_id group by 1, 2`,
    );
    for (const r of rows) expect(modeAllowed(r.type, r.mode), `${r.mode} on ${r.type}`).toBe(true);
    const count = (type: string, mode: string) => rows.find((r) => r.type === type && r.mode === mode)?.n ?? 0;
    expect(count('MUL', 'declined')).toBeGreaterThanOrEqual(1);
    expect(count('MUL', 'checkout')).toBeGreaterThanOrEqual(1);
    expect(count('SUL', 'take')).toBeGreaterThanOrEqual(1);
    expect(count('SUL', 'take_denied')).toBeGreaterThanOrEqual(1);
    expect(count('SUL', 'limited') + count('MUL', 'limited')).toBeGreaterThanOrEqual(1);
  });

  it('has 40 to 60 users with emails on a couple of domains', async () => {
    const row = await one<{ users: number; domains: number; bad: number }>(
      `select count(distinct user_email)::int as users,
              count(distinct split_part(user_email, '@', 2))::int as domains,
              count(*) filter (where user_email !~ '^[a-z0-9.]+@[a-z0-9.]+$')::int as bad
         from activation`,
    );
    expect(row.users).toBeGreaterThanOrEqual(40);
    expect(row.users).toBeLessThanOrEqual(60);
    expect(row.domains).toBe(2);
    expect(row.bad).toBe(0);
  });

  it('keeps active activations within what each license allows, and fills one completely', async () => {
    const rows = await db().sql<{ used: number; allowed: number }>(
      `select count(a.id) filter (where a.deactivated_at is null)::int as used, l.activations_allowed as allowed
         from license l left join activation a on a.license_id = l.id group by l.id`,
    );
    for (const r of rows) expect(r.used).toBeLessThanOrEqual(r.allowed);
    expect(rows.some((r) => r.used === r.allowed && r.used > 0)).toBe(true);
  });

  it('has idle activations and a few deactivations inside the window', async () => {
    const row = await one<{ idle: number; deactivated: number; outside: number }>(
      `select
         (select count(*)::int from activation a join license l on l.id = a.license_id
           where a.deactivated_at is null and l.type <> 'HWK' and not exists (
             select 1 from session s where s.user_email = a.user_email and s.product_id = l.product_id
                and s.started_at >= $1::timestamptz - interval '30 days')) as idle,
         (select count(*)::int from activation where deactivated_at >= $1::timestamptz - interval '90 days'
             and deactivated_at < $1::timestamptz) as deactivated,
         (select count(*)::int from activation where deactivated_at >= $1::timestamptz) as outside`,
      [`${END}T00:00:00Z`],
    );
    expect(row.idle).toBeGreaterThanOrEqual(1);
    expect(row.deactivated).toBeGreaterThanOrEqual(2);
    expect(row.outside).toBe(0);
  });

  it('runs every session from a live activation of its user and machine, each start with its access', async () => {
    const row = await one<{ orphans: number; unannounced: number; badHeartbeat: number; badProduct: number }>(
      `select
         (select count(*)::int from session s where not exists (
            select 1 from activation a where a.license_id = s.license_id and a.user_email = s.user_email
               and a.machine = s.machine and a.activated_at <= s.started_at
               and (a.deactivated_at is null or a.deactivated_at > s.started_at))) as orphans,
         (select count(*)::int from session s where not exists (
            select 1 from access_event e where e.license_id = s.license_id and e.user_email = s.user_email
               and e.occurred_at = s.started_at and e.mode in ('full', 'take', 'checkout'))) as unannounced,
         (select count(*)::int from session where ended_at is not null and last_heartbeat_at <> ended_at) as "badHeartbeat",
         (select count(*)::int from session s join license l on l.id = s.license_id
           where l.product_id <> s.product_id) as "badProduct"`,
    );
    expect(row).toEqual({ orphans: 0, unannounced: 0, badHeartbeat: 0, badProduct: 0 });
  });

  it('leaves a few sessions open, with a heartbeat in the last five minutes', async () => {
    const row = await one<{ open: number; stale: number }>(
      `select count(*)::int as open,
              count(*) filter (where last_heartbeat_at < $1::timestamptz - interval '5 minutes'
                                  or last_heartbeat_at > $1::timestamptz)::int as stale
         from session where ended_at is null`,
      [`${END}T00:00:00Z`],
    );
    expect(row.open).toBeGreaterThanOrEqual(1);
    expect(row.open).toBeLessThanOrEqual(20);
    expect(row.stale).toBe(0);
  });

  it('follows working hours in the account time zone, with weekdays far busier than weekends', async () => {
    const rows = await db().sql<{ dow: number; hour: number; n: number }>(
      `select extract(isodow from started_at at time zone $1)::int as dow,
              extract(hour from started_at at time zone $1)::int as hour, count(*)::int as n
         from session group by 1, 2`,
      [ZONE],
    );
    const total = (filter: (r: { dow: number; hour: number }) => boolean) =>
      rows.filter(filter).reduce((sum, r) => sum + r.n, 0);
    const all = total(() => true);
    const perWeekday = total((r) => r.dow <= 5) / 5;
    const perWeekendDay = total((r) => r.dow > 5) / 2;
    expect(perWeekday).toBeGreaterThan(10 * perWeekendDay);
    expect(perWeekendDay).toBeGreaterThan(0);
    // Starts between 06:45 and 20:30 local time (DST included), most of them 08:00–17:00.
    expect(total((r) => r.hour < 6 || r.hour > 20)).toBe(0);
    expect(total((r) => r.hour >= 8 && r.hour < 17) / all).toBeGreaterThan(0.75);
    const byHour = (h: number) => total((r) => r.hour === h && r.dow <= 5);
    expect(byHour(9)).toBeGreaterThan(byHour(12));
    expect(byHour(13)).toBeGreaterThan(byHour(18));
  });

  it('has several versions per product, most users on the newest and some stuck on older ones', async () => {
    const rows = await db().sql<{ product: string; versions: number; on_newest: number; behind: number }>(
      `with latest as (
         select distinct on (product_id, user_email) product_id, user_email, version
           from session order by product_id, user_email, started_at desc),
       newest as (select product_id, max(version) as v, count(distinct version)::int as versions
                    from session group by 1)
       select p.name as product, n.versions,
              count(*) filter (where l.version = n.v)::int as on_newest,
              count(*) filter (where l.version <> n.v)::int as behind
         from latest l join newest n using (product_id) join product p on p.id = l.product_id
        group by p.name, n.versions`,
    );
    expect(rows).toHaveLength(5);
    expect(Math.max(...rows.map((r) => r.versions))).toBeGreaterThanOrEqual(3);
    for (const r of rows) expect(r.versions, r.product).toBeGreaterThanOrEqual(2);
    const onNewest = rows.reduce((s, r) => s + r.on_newest, 0);
    const behind = rows.reduce((s, r) => s + r.behind, 0);
    expect(onNewest).toBeGreaterThan(behind);
    expect(behind).toBeGreaterThanOrEqual(3);
  });

  it('never runs more sessions at once than seats, and busy MUL pools reach their seats', async () => {
    const rows = await db().sql<{ type: LicenseType; seats: number; peak: number; declined: number }>(
      `with points as (
         select license_id, started_at as t, 1 as d from session
         union all select license_id, ended_at, -1 from session where ended_at is not null),
       running as (
         select license_id, sum(d) over (partition by license_id order by t, d rows unbounded preceding) as c
           from points)
       select l.type, l.seats, max(r.c)::int as peak,
              (select count(*)::int from access_event e where e.license_id = l.id and e.mode = 'declined') as declined
         from running r join license l on l.id = r.license_id group by l.id`,
    );
    for (const r of rows) expect(r.peak).toBeLessThanOrEqual(r.seats);
    const pools = rows.filter((r) => r.type === 'MUL');
    // Declines happen exactly where a pool is full; a roomy pool stays under its seats.
    expect(pools.some((r) => r.peak === r.seats && r.declined > 0)).toBe(true);
    for (const r of pools) if (r.declined > 0) expect(r.peak).toBe(r.seats);
    expect(pools.some((r) => r.peak < r.seats)).toBe(true);
  });

  it('refuses a second seed into the same account, names --replace, and changes nothing', async () => {
    const before = await seedDump(db(), 'default');
    const run = await cli(['seed', '--scale', 'small', '--seed', '9', '--end', END], env);
    expect(run.code).toBe(1);
    expect(run.err).toContain('Account "default" already has 10 license(s)');
    expect(run.err).toContain('--replace');
    expect(await seedDump(db(), 'default')).toEqual(before);
  });

  it('with --replace deletes the old data in one go and writes the same data again', async () => {
    const before = await seedDump(db(), 'default');
    const run = await cli(['seed', '--seed', SEED, '--end', END, '--replace'], env);
    expect(run.code).toBe(0);
    expect(run.out).toContain('Deleted the 10 previous license(s) of "default"');
    expect(await seedDump(db(), 'default')).toEqual(before);
    const [{ n }] = (await db().sql<{ n: number }>('select count(*)::int as n from license')) as [{ n: number }];
    expect(n).toBe(10);
  });

  it('explains bad input: unknown account, scale, seed or end', async () => {
    const unknown = await cli(['seed', '--account', 'nope'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('No account "nope". Known accounts: default.');
    const scale = await cli(['seed', '--scale', 'huge'], env);
    expect(scale.code).toBe(2);
    expect(scale.err).toContain('--scale "huge" is not one of: small, large.');
    const seed = await cli(['seed', '--seed', 'abc'], env);
    expect(seed.code).toBe(2);
    expect(seed.err).toContain('--seed "abc" must be a whole number 0-4294967295.');
    const end = await cli(['seed', '--end', '2026-13-45'], env);
    expect(end.code).toBe(2);
    expect(end.err).toContain('--end "2026-13-45" is not a date');
  });
});
