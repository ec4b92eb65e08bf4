import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, accountWithLicenses, startApiServer } from '../helpers/api-server.js';
import { accessBatch, FAULT_LICENSE, sessionBatch } from '../helpers/event-batches.js';
import { PrivatePostgres } from '../helpers/private-postgres.js';
import { freePort } from '../helpers/private-redis.js';
import { reportFaultRun } from '../helpers/resilience-report.js';
import { createDefaultAccount, openTestDatabase, type TestDatabase } from '../helpers/test-database.js';

type Batch = Record<string, unknown>[];

/** A private server with the migrated `licbot` database, one account, its license and API key, and the real app on it. */
function usePrivateIngest(settings: Record<string, string | number> = {}) {
  const env = {} as { pgs: PrivatePostgres; db: TestDatabase; api: ApiServer; key: string; accountId: number };
  beforeAll(async () => {
    env.pgs = await new PrivatePostgres(await freePort(), settings).start();
    env.db = await openTestDatabase('licbot', await env.pgs.createDatabase());
    const account = await createDefaultAccount(env.db, 'acme');
    env.accountId = account.id;
    env.key = await accountWithLicenses(env.db, account, [FAULT_LICENSE]);
    // Errors logged: a fault answered 500 (not 503) shows what it was in the output.
    env.api = await startApiServer({ ...env.db.config, LOG_LEVEL: 'error' });
  });
  afterAll(async () => {
    await env.api?.app.close();
    await env.db?.close();
    await env.pgs?.destroy();
  });
  return env;
}

/** Rows of the account in `table`, counted by the test's own connection (the server must be up). */
async function rows(env: ReturnType<typeof usePrivateIngest>, table: string): Promise<number> {
  const [row] = await env.db.sql<{ n: number }>(
    `select count(*)::int as n from ${pg.escapeIdentifier(table)} where account_id = $1`,
    [env.accountId],
  );
  return row?.n ?? -1;
}

/** Sends a batch again until it is stored (200); a 503 says to wait and resend, anything else fails. */
async function resendUntilStored(env: ReturnType<typeof usePrivateIngest>, events: Batch) {
  for (let attempt = 1; attempt <= 100; attempt++) {
    const answer = await env.api.send('POST', '/api/v1/events', env.key, { events });
    if (answer.status === 200) return { ...(answer.body as { accepted: number; duplicates: number }), attempt };
    expect(answer.status).toBe(503);
    await sleep(100);
  }
  throw new Error('a resent batch was never stored');
}

describe('PostgreSQL connections killed and the server restarted during an ingest burst', () => {
  const env = usePrivateIngest();

  it('answers every batch 200 or 503; after resending the 503s every event is stored exactly once', async () => {
    const now = new Date();
    const statuses: Record<string, number> = {};
    const unavailable: Batch[] = [];
    /** The one 200 answer of each batch (first try or resend): every event is counted once in it. */
    let answered = { accepted: 0, duplicates: 0 };
    let sent = { access: 0, sessions: 0, batches: 0 };
    const faults: string[] = [];
    let faultsDone = false;

    const client = async (c: number) => {
      for (let i = 0, after = 0; after < 3; i++) {
        if (faultsDone) after++;
        const events = i % 4 === 3 ? sessionBatch(`c${c}-s${i}`, now) : accessBatch(40, now, `user${c}@example.com`);
        const isSession = events[0]?.type === 'session_start';
        sent = {
          access: sent.access + (isSession ? 0 : events.length),
          sessions: sent.sessions + (isSession ? 1 : 0),
          batches: sent.batches + 1,
        };
        const answer = await env.api.send('POST', '/api/v1/events', env.key, { events });
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        if (answer.status === 503) {
          expect(answer.headers.get('retry-after')).toMatch(/^\d+$/);
          expect(answer.body.errors[0].message).toMatch(/^Temporarily unavailable: /);
          unavailable.push(events);
        } else if (answer.status === 200) {
          answered = {
            accepted: answered.accepted + answer.body.accepted,
            duplicates: answered.duplicates + answer.body.duplicates,
          };
        }
      }
    };
    const injector = async () => {
      await sleep(400);
      faults.push(`terminated ${await env.pgs.terminateSessions()} sessions`);
      await sleep(400);
      faults.push(`terminated ${await env.pgs.terminateSessions()} sessions`);
      await sleep(400);
      await env.pgs.restart('immediate');
      faults.push('crashed (SIGQUIT) and restarted with recovery');
      await sleep(400);
      await env.pgs.restart('fast');
      faults.push('fast shutdown (SIGINT) and restarted');
      await sleep(400);
      faultsDone = true;
    };
    await Promise.all([injector(), client(1), client(2), client(3), client(4)]);

    let resentWithDuplicates = 0;
    for (const events of unavailable) {
      const stored = await resendUntilStored(env, events);
      if (stored.duplicates > 0) resentWithDuplicates++;
      answered = {
        accepted: answered.accepted + stored.accepted,
        duplicates: answered.duplicates + stored.duplicates,
      };
    }

    const sessionEvents = 2 * sent.sessions;
    reportFaultRun('postgres restarted during ingest', {
      faults,
      batches: sent.batches,
      statuses,
      resent: unavailable.length,
      resentFoundStored: resentWithDuplicates,
      events: sent.access + sessionEvents,
    });
    expect(Object.keys(statuses).sort()).toEqual(statuses['503'] ? ['200', '503'] : ['200']);
    expect(statuses['503'] ?? 0).toBeGreaterThan(0); // the faults did hit requests
    expect(answered.accepted + answered.duplicates).toBe(sent.access + sessionEvents);
    expect(await rows(env, 'access_event')).toBe(sent.access);
    expect(await rows(env, 'session')).toBe(sent.sessions);
    // Every event id has one receipt (access events too: an id is unique across types).
    expect(await rows(env, 'event_receipt')).toBe(sent.access + sessionEvents);
    // Resent once more, the whole burst changes nothing.
    const replay = await env.api.send('POST', '/api/v1/events', env.key, { events: unavailable.flat().slice(0, 1000) });
    expect(replay.body.accepted).toBe(0);
  }, 120_000);
});

describe('PostgreSQL refusing connections or out of connection slots', () => {
  const env = usePrivateIngest({ max_connections: 8, superuser_reserved_connections: 0 });

  it('answers 503 with the reason while it lasts; the resent batch is stored once', async () => {
    const now = new Date();
    const message = (reason: string) =>
      `Temporarily unavailable: ${reason}. Send the same request again in 5 s ` +
      '(safe: events are stored once by their id, licenses by their activation code).';
    const refused = accessBatch(10, now);
    await env.pgs.stop('fast');
    const whileDown = await env.api.send('POST', '/api/v1/events', env.key, { events: refused });
    expect(whileDown.status).toBe(503);
    expect(whileDown.headers.get('retry-after')).toBe('5');
    expect(whileDown.body.errors[0].message).toBe(message('the database could not be reached'));
    await env.pgs.start();
    expect(await resendUntilStored(env, refused)).toMatchObject({ accepted: 10, duplicates: 0 });

    // Every slot taken by idle sessions of the test after the app's own were ended.
    await env.pgs.terminateSessions();
    await sleep(200);
    const hogs: pg.Client[] = [];
    for (;;) {
      const hog = new pg.Client({ connectionString: env.pgs.url() });
      hog.on('error', () => undefined);
      const full = await hog.connect().then(
        () => false,
        (error: { code?: string }) => error.code === '53300',
      );
      if (full) break;
      hogs.push(hog);
    }
    const crowded = accessBatch(10, now);
    let whileFull: Awaited<ReturnType<ApiServer['send']>>;
    try {
      whileFull = await env.api.send('POST', '/api/v1/events', env.key, { events: crowded });
    } finally {
      await Promise.all(hogs.map((h) => h.end()));
    }
    expect(whileFull.status).toBe(503);
    expect(whileFull.body.errors[0].message).toBe(message('the database has too many connections'));
    expect(await resendUntilStored(env, crowded)).toMatchObject({ accepted: 10, duplicates: 0 });
    expect(await rows(env, 'access_event')).toBe(20);
    reportFaultRun('postgres refusing and full', {
      refused: whileDown.status,
      slotsTakenByTest: hogs.length,
      full: whileFull.status,
      stored: 20,
    });
  }, 60_000);
});
