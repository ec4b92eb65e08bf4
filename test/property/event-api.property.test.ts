import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { sessionHistoryFull } from '../../src/queries/session-history.query.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';
import { instant, judgeText, LEAK, mostlyValid, type Sent, textOrNot } from './arbitraries.js';

// Property (issue 13): whatever a client sends, POST /api/v1/events answers 2xx and stores
// the events exactly as sent (text trimmed, emails lowercased, instants to the millisecond),
// read back through the session history the CLI prints; or 4xx naming every field at fault
// and storing nothing. Never a 5xx or a stack trace.

const CODE = 'PROPS-0001-SECRET-CODE';
const SEED = 20261213;
const NOW = Date.now();
const emails: fc.Arbitrary<Sent<string>> = fc.oneof(
  fc
    .constantFrom('ana@example.com', ' Ana.Lopez@Example.COM ', 'o.brien+lic@mail.example.org')
    .map((value) => ({ value, verdict: 'valid' as const })),
  fc
    .constantFrom('nobody', 'ana@', "x'; drop table session;--@example.com", 'ana\ud800@example.com', 'a\u0000@b.co')
    .map((value) => ({ value, verdict: 'invalid' as const })),
);
/** Mostly values the API must take, so that both answers are seen often. */
const field = textOrNot;

const sessionEvent = fc.record({
  sessionId: field(200),
  machine: field(200),
  version: field(64),
  user: mostlyValid(emails),
  at: mostlyValid(instant(NOW)),
  product: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('AGi32', 'agi32', ' AGI32 ').map((value) => ({ value, verdict: 'valid' as const })),
    },
    // Any other text is an unknown product: refused by the rules, after the shape.
    { weight: 1, arbitrary: field(200).map((f) => (f.verdict === 'valid' ? { ...f, verdict: 'later' as const } : f)) },
  ),
  mode: fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .constantFrom('full', 'limited', 'declined', 'take')
        .map((value) => ({ value, verdict: 'valid' as const })),
    },
    { weight: 1, arbitrary: fc.constant({ value: 'checkout', verdict: 'later' as const }) }, // not on SUL
    {
      weight: 1,
      arbitrary: fc.constantFrom('FULL', '', 'full\u0000').map((value) => ({ value, verdict: 'invalid' as const })),
    },
  ),
});

type Generated = typeof sessionEvent extends fc.Arbitrary<infer T> ? T : never;
const verdicts = (g: Generated, fields: (keyof Generated)[]) => fields.map((f) => [f, g[f].verdict] as const);

describe('property: the event API stores exactly what it accepts and refuses with a field', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  const counts = async () =>
    (
      await db().sql(
        `select (select count(*)::int from access_event where account_id = $1) as a,
                (select count(*)::int from session where account_id = $1) as s,
                (select count(*)::int from event_receipt where account_id = $1) as r`,
        [acme.id],
      )
    )[0];

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'props');
    key = await accountWithLicenses(db(), acme, [
      { product: 'AGi32', type: 'SUL', seats: 1, activationsAllowed: 9, expiresAt: '2099-01-31', activationCode: CODE },
    ]);
  });

  it('2xx and stored as sent, or 4xx naming each bad field and nothing stored', async () => {
    let run = 0;
    const answers = { stored: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(sessionEvent, async (g) => {
        run++;
        // A run number keeps session ids apart; the generated text stays in the middle.
        if (typeof g.sessionId.value === 'string') g.sessionId = judgeText(`${run}:${g.sessionId.value}`, 200);
        const sessionId = g.sessionId.value;
        const common = { product: g.product.value, activationCode: ` ${CODE.toLowerCase()}`, user: g.user.value };
        const text = { machine: g.machine.value, version: g.version.value, at: g.at.value };
        const events = [
          { type: 'session_start', id: randomUUID(), sessionId, ...common, ...text },
          { type: 'access', id: randomUUID(), ...common, ...text, mode: g.mode.value },
        ];
        const before = await counts();
        const answer = await api().send('POST', '/api/v1/events', key, { events });
        expect(answer.status).toBeLessThan(500);
        expect(JSON.stringify(answer.body)).not.toMatch(LEAK);
        const startFields = verdicts(g, ['sessionId', 'machine', 'version', 'user', 'at', 'product']);
        const accessFields = verdicts(g, ['machine', 'version', 'user', 'at', 'product', 'mode']);
        const allValid = [...startFields, ...accessFields].every(([, v]) => v === 'valid');
        if (answer.status !== 200) {
          answers.refused++;
          expect(await counts()).toEqual(before);
          const errors: { index: number | null; field: string | null; message: string }[] = answer.body.errors;
          expect(errors.length).toBeGreaterThan(0);
          for (const e of errors) expect(e.message).toMatch(/\S/);
          // Every field known to be bad is named, on each event that has it: shape first, then the rules.
          if (answer.status === 400) {
            for (const [index, fields] of [startFields, accessFields].entries()) {
              const shapeBad = fields.some(([, v]) => v === 'invalid');
              // The rules name the clock (`at`) and then the first of product, mode that fails.
              const firstRule = fields.find(([name, v]) => v === 'later' && name !== 'at')?.[0];
              for (const [name, verdict] of fields) {
                const expected = shapeBad
                  ? verdict === 'invalid'
                  : verdict === 'later' && (name === 'at' || name === firstRule);
                if (expected) {
                  expect([index, name, errors.some((e) => e.index === index && e.field === name)]).toEqual([
                    index,
                    name,
                    true,
                  ]);
                }
              }
            }
          }
          expect(allValid && answer.status === 400).toBe(false);
          return;
        }
        answers.stored++;
        expect(answer.body).toEqual({ accepted: 2, duplicates: 0 });
        expect(allValid).toBe(true);
        // Read back the session as `licbot sessions --format json` does.
        const [row] = await db().sql<{ id: number }>(
          'select id from session where account_id = $1 and client_session_id = $2',
          [acme.id, (sessionId as string).trim()],
        );
        const history = await sessionHistoryFull(
          db().em(),
          acme.id,
          {
            window: {
              from: new Date('2000-01-01T00:00:00Z'),
              to: new Date(NOW + 86_400_000),
              fromDate: '2000-01-01',
              toDate: '2100-01-01',
              endsNow: false,
            },
            now: new Date(NOW),
          },
          100_000,
        );
        const session = [...history.active, ...history.closed].find((s) => s.sessionId === Number(row?.id));
        expect(session).toMatchObject({
          userEmail: (g.user.value as string).trim().toLowerCase(),
          productName: 'AGi32',
          machine: (g.machine.value as string).trim(),
          version: (g.version.value as string).trim(),
          endedAt: null,
        });
        // Every valid instant comes with the epoch milliseconds its text was made from.
        const { ms } = g.at as { ms?: number };
        expect(typeof ms).toBe('number');
        expect(Math.abs(session!.startedAt.getTime() - ms!)).toBeLessThan(1);
        const [stored] = await db().sql(
          'select machine, version, user_email, mode from access_event where account_id = $1 and event_id = $2',
          [acme.id, events[1]!.id],
        );
        expect(stored).toEqual({
          machine: (g.machine.value as string).trim(),
          version: (g.version.value as string).trim(),
          user_email: (g.user.value as string).trim().toLowerCase(),
          mode: g.mode.value,
        });
      }),
      { seed: SEED, numRuns: 120, endOnFailure: true },
    );
    // Both branches were exercised, so the property said something about each.
    expect(answers.stored).toBeGreaterThanOrEqual(10);
    expect(answers.refused).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
