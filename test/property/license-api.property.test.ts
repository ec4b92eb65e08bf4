import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/db/entities/index.js';
import { activationCodePrefix } from '../../src/domain/license.js';
import { hashActivationCode } from '../../src/domain/secrets.js';
import { licenseStats } from '../../src/queries/license-stats.query.js';
import { accountWithLicenses, useApiServer } from '../helpers/api-server.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';
import { expiryDate, judgeText, LEAK, mostlyValid, type Sent, textOrNot, wholeNumber } from './arbitraries.js';

// Property (issue 13): whatever a client sends, PUT /api/v1/licenses answers 2xx and stores
// the license exactly as sent, read back through the license stats `licbot stats` prints;
// or 4xx naming every field at fault and storing nothing. Never a 5xx or a stack trace.

const SEED = 20261214;
const text = textOrNot;

const licenseInput = fc.record({
  product: text(200),
  type: fc.oneof(
    {
      weight: 4,
      arbitrary: fc.constantFrom('SUL', 'MUL', 'HWK').map((value) => ({ value, verdict: 'valid' as const })),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom('sul', 'XYZ', '', 'SUL\u0000', 1)
        .map((value) => ({ value, verdict: 'invalid' as const })),
    },
  ),
  seats: wholeNumber(1),
  activationsAllowed: wholeNumber(0),
  expiresAt: mostlyValid(expiryDate),
  activationCode: text(100),
});

/** The code is judged like any text, plus: at least 6 characters, not a shown prefix with an ellipsis. */
function judgeCode(value: string): Sent<string> {
  const judged = judgeText(value, 100);
  const t = value.trim();
  if (judged.verdict === 'valid' && ([...t].length < 6 || /…|\.\.\./.test(t))) return { value, verdict: 'invalid' };
  return judged;
}

describe('property: the license API stores exactly what it accepts and refuses with a field', () => {
  const db = useTestDatabase();
  const api = useApiServer(db);
  let acme: Account;
  let key: string;
  const count = async () =>
    (await db().sql<{ n: number }>('select count(*)::int as n from license where account_id = $1', [acme.id]))[0]!.n;

  beforeAll(async () => {
    acme = await createDefaultAccount(db(), 'props');
    key = await accountWithLicenses(db(), acme, []);
  });

  it('2xx and stored as sent, or 4xx naming each bad field and nothing stored', async () => {
    let run = 0;
    const answers = { stored: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(licenseInput, async (g) => {
        run++;
        // Run numbers keep codes and product names apart; the generated text stays after them.
        if (typeof g.product.value === 'string') g.product = judgeText(`P${run} ${g.product.value}`, 200);
        if (typeof g.activationCode.value === 'string')
          g.activationCode = judgeCode(`C${run}-${g.activationCode.value}`);
        const sent = Object.fromEntries(Object.entries(g).map(([name, s]) => [name, s.value]));
        const before = await count();
        const answer = await api().send('PUT', '/api/v1/licenses', key, { licenses: [sent] });
        expect(answer.status).toBeLessThan(500);
        expect(JSON.stringify(answer.body)).not.toMatch(LEAK);
        const verdicts = Object.entries(g).map(([name, s]) => [name, s.verdict] as const);
        const allValid = verdicts.every(([, v]) => v === 'valid');
        if (answer.status !== 200) {
          answers.refused++;
          expect(await count()).toBe(before);
          const errors: { index: number | null; field: string | null }[] = answer.body.errors;
          if (answer.status === 400) {
            for (const [name, verdict] of verdicts) {
              if (verdict === 'invalid')
                expect([name, errors.some((e) => e.index === 0 && e.field === name)]).toEqual([name, true]);
            }
          }
          expect(allValid && answer.status === 400).toBe(false);
          return;
        }
        answers.stored++;
        expect(allValid).toBe(true);
        expect(answer.body).toMatchObject({ created: 1, updated: 0 });
        const code = g.activationCode.value as string;
        const [row] = await db().sql<{ id: number }>('select id from license where account_id = $1 and ac_hash = $2', [
          acme.id,
          hashActivationCode(code, db().config.HASH_SECRET),
        ]);
        // Read back as `licbot stats --format json` shows it.
        const stats = await licenseStats(db().em(), acme.id, {
          now: new Date(),
          timeZone: acme.timeZone,
          declinedNoteThreshold: 5,
        });
        expect(stats.licenses.find((l) => l.licenseId === row?.id)).toMatchObject({
          productName: (g.product.value as string).trim(),
          type: g.type.value,
          seats: g.seats.value,
          activationsAllowed: g.activationsAllowed.value,
          expiresOn: g.expiresAt.value,
          acPrefix: activationCodePrefix(code),
        });
        // Only the keyed hash and the prefixes are stored, never the code.
        const stored = JSON.stringify(await db().sql('select * from license where id = $1', [row?.id]));
        expect(stored).not.toContain(code.trim().toUpperCase());
      }),
      { seed: SEED, numRuns: 100, endOnFailure: true },
    );
    expect(answers.stored).toBeGreaterThanOrEqual(10);
    expect(answers.refused).toBeGreaterThanOrEqual(10);
  }, 120_000);
});
