import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseFlags } from '../../src/cli/parse-flags.js';
import { typedDate, typedEmail, typedInstant, typedWholeNumber } from '../../src/domain/typed-input.js';
import { UsageError, UserError } from '../../src/errors.js';

/**
 * The CLI's own argument layer (parseFlags over node's parseArgs) and the typed-value checks
 * both entry points share, against random and hostile argv. Property: a result, or a
 * UsageError/UserError naming what to fix; never another exception. Fixed seed.
 */

const OPTIONS = {
  account: { type: 'string', default: 'default' },
  from: { type: 'string' },
  limit: { type: 'string' },
  user: { type: 'string' },
  all: { type: 'boolean', default: false },
} as const;
const FLAGS = ['--account', '--from', '--limit', '--user', '--all'];

const hostile = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 16 }),
  fc.constantFrom('-5', '--', '-', '---', '-h', '--help', '--all=yes', '--limit=', '--from=2026-01-01', '-x', '—from'),
  fc.constantFrom('1e3', '0x10', '2.0', '9'.repeat(30), '\u0000', '\u202e', '\ud800', '🟢', '"', "'"),
  fc.constantFrom(...FLAGS),
  fc.constantFrom('--fro', '--limt', '--users', '--accout', 'from', 'limit'),
);

const SEED = 20261201;

describe('CLI argument parsing (property-based)', () => {
  it('parses any argv or refuses it with a UsageError that names a flag or word', () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 8 }), fc.boolean(), (argv, positionals) => {
        try {
          const { values } = parseFlags(argv, OPTIONS, positionals);
          expect(typeof values.account).toBe('string');
        } catch (error) {
          if (!(error instanceof UsageError)) throw error;
          const own = argv.reduce((m, w) => (w ? m.split(w).join('') : m), error.message);
          expect(own).not.toMatch(/\n|ambiguous|ERR_PARSE_ARGS|undefined/);
          expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('gives a flag the value written after it, even one that starts with a dash', () => {
    const value = fc.string({ unit: 'binary', minLength: 0, maxLength: 20 }).filter((v) => !/^--./.test(v));
    fc.assert(
      fc.property(fc.constantFrom('--from', '--limit', '--user'), value, (flag, v) => {
        const { values } = parseFlags([flag, v], OPTIONS);
        expect(values[flag.slice(2) as 'from' | 'limit' | 'user']).toBe(v);
        // --flag=value says the same.
        expect(parseFlags([`${flag}=${v}`], OPTIONS).values[flag.slice(2) as 'from']).toBe(v);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});

describe('typed values (property-based)', () => {
  const anything = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.integer().map(String),
    fc.double().map(String),
  );

  it('every text is a value or a UserError, and accepted values are what was typed', () => {
    fc.assert(
      fc.property(anything, (text) => {
        const attempt = <T>(fn: () => T): T | undefined => {
          try {
            return fn();
          } catch (error) {
            if (!(error instanceof UserError)) throw error;
            // What the person typed is quoted back; the rest must not leak an internal value.
            expect(error.message.split(text).join('')).not.toMatch(/NaN|Invalid Date|undefined/);
            return undefined;
          }
        };
        const date = attempt(() => typedDate(text, '--from'));
        if (date !== undefined) {
          expect(date).toBe(text.trim());
          expect(date >= '2000-01-01' && date <= '2099-12-31').toBe(true);
        }
        const instant = attempt(() => typedInstant(text, '--at'));
        if (instant !== undefined) expect(instant.getUTCFullYear()).toBeGreaterThanOrEqual(1999);
        const n = attempt(() => typedWholeNumber(text, '--limit', { min: 1 }));
        if (n !== undefined) expect(String(n)).toBe(text.trim().replace(/^0+(?=\d)/, ''));
        const email = attempt(() => typedEmail(text, '--user'));
        if (email !== undefined) expect(email).toBe(text.trim().toLowerCase());
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('takes every real date of the range, in any year of it', () => {
    const day = fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(day, (d) => {
        const text = d.toISOString().slice(0, 10);
        expect(typedDate(text, 'from')).toBe(text);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });
});
