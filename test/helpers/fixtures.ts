import { randomUUID } from 'node:crypto';
import type { Account } from '../../src/db/entities/index.js';
import type { AccessMode, LicenseType } from '../../src/domain/license.js';
import { upsertLicense } from '../../src/ingest/license-upsert.js';
import type { TestDatabase } from './test-database.js';

/** Test data written straight to the tables, with explicit timestamps (no event API). */

export interface TestLicense {
  id: number;
  productId: number;
  acPrefix: string;
  type: LicenseType;
}

let codeCounter = 0;

export async function addLicense(
  db: TestDatabase,
  account: Account,
  input: {
    product: string;
    type: LicenseType;
    seats?: number;
    activationsAllowed?: number;
    expiresAt?: string;
    code?: string;
  },
): Promise<TestLicense> {
  codeCounter += 1;
  const code = input.code ?? `T${String(codeCounter).padStart(4, '0')}-${randomUUID()}`;
  const { license } = await upsertLicense(
    db.em(),
    account,
    {
      product: input.product,
      type: input.type,
      seats: input.seats ?? 1,
      activationsAllowed: input.activationsAllowed ?? 2,
      expiresAt: input.expiresAt ?? '2099-12-31',
      activationCode: code,
    },
    db.config.HASH_SECRET,
  );
  return { id: license.id, productId: license.product.id, acPrefix: license.acPrefix, type: input.type };
}

export interface TestEvent {
  mode: AccessMode;
  at: string;
  user?: string;
  machine?: string;
  version?: string;
  /** When it reached us; defaults to now. */
  receivedAt?: string;
}

export async function addEvents(db: TestDatabase, accountId: number, license: TestLicense, events: TestEvent[]) {
  for (const e of events) {
    await db.sql(
      `insert into access_event (account_id, event_id, license_id, mode, user_email, machine, version, occurred_at, received_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, now()))`,
      [
        accountId,
        randomUUID(),
        license.id,
        e.mode,
        e.user ?? 'user@example.com',
        e.machine ?? 'PC-1',
        e.version ?? '1.0',
        e.at,
        e.receivedAt ?? null,
      ],
    );
  }
}

/** `count` events of one mode, one minute apart from `at`. */
export function eventsOf(mode: AccessMode, count: number, at: string, user?: string): TestEvent[] {
  const start = Date.parse(at);
  return Array.from({ length: count }, (_, i) => ({
    mode,
    at: new Date(start + i * 60_000).toISOString(),
    user,
  }));
}

export interface TestSession {
  user: string;
  start: string;
  /** Omit (or null) for a session still active. */
  end?: string | null;
  machine?: string;
  version?: string;
}

export async function addSession(
  db: TestDatabase,
  accountId: number,
  license: TestLicense,
  s: TestSession,
): Promise<number> {
  const [row] = await db.sql<{ id: string }>(
    `insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version,
      started_at, last_heartbeat_at, ended_at)
    values ($1, $2, $3, $4, $5, $6, $7, $8, coalesce($9::timestamptz, $8::timestamptz), $9) returning id`,
    [
      accountId,
      randomUUID(),
      license.id,
      license.productId,
      s.user,
      s.machine ?? 'PC-1',
      s.version ?? '1.0',
      s.start,
      s.end ?? null,
    ],
  );
  return Number(row!.id);
}

export async function addActivation(
  db: TestDatabase,
  accountId: number,
  license: TestLicense,
  a: { user: string; at: string; deactivatedAt?: string | null; machine?: string },
): Promise<void> {
  await db.sql(
    `insert into activation (account_id, license_id, user_email, machine, activated_at, deactivated_at)
    values ($1, $2, $3, $4, $5, $6)`,
    [accountId, license.id, a.user, a.machine ?? 'PC-1', a.at, a.deactivatedAt ?? null],
  );
}

/** The imported portal counters of a license, as the CSV import would set them. */
export async function setBaseline(
  db: TestDatabase,
  license: TestLicense,
  at: string,
  c: { full?: number; limited?: number; declined?: number; takes?: number; takeDenied?: number; checkouts?: number },
): Promise<void> {
  await db.sql(
    `update license set baseline_full = $2, baseline_limited = $3, baseline_declined = $4, baseline_takes = $5,
      baseline_take_denied = $6, baseline_checkouts = $7, baseline_at = $8 where id = $1`,
    [license.id, c.full ?? 0, c.limited ?? 0, c.declined ?? 0, c.takes ?? 0, c.takeDenied ?? 0, c.checkouts ?? 0, at],
  );
}
