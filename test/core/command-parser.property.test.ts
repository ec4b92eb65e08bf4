import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveCommand, slashCommands, subcommandWords } from '../../src/core/registry.js';
import { parseMention, renderArgs, tokenize } from '../../src/core/tokenize.js';
import { UserError } from '../../src/errors.js';

/**
 * The chat command parser (tokenize → resolveCommand → each command's parse), shared by
 * Slack, Teams and the chat page, against random and hostile text. Property: every input
 * parses to a command or is refused with a UserError whose message a person can read; no
 * other exception gets out. Fixed seeds, so a failure reproduces.
 */

/** What dispatch does before it runs a command (roles aside): the words, the command, its parse. */
function parseTyped(name: string, text: string): { command: string; parsed: unknown } {
  const words = tokenize(text).filter((w) => w.toLowerCase() !== 'public');
  const { command, args } = resolveCommand(name, words);
  return { command: command.name, parsed: command.parse(args) };
}

/** Parses, or returns the UserError; anything else fails the property. */
function outcome(name: string, text: string): { ok: true } | { ok: false; error: UserError } {
  try {
    parseTyped(name, text);
    return { ok: true };
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { ok: false, error };
  }
}

function readable(error: UserError, typed: string): void {
  expect(error.message.length).toBeGreaterThan(0);
  // A reason and a hint, never a stack or an internal value; the typed words may be quoted back.
  const words = tokenize(typed).filter(Boolean);
  for (const text of [error.message, error.hint ?? '']) {
    const own = words.reduce((t, w) => t.split(w).join(''), text);
    expect(own).not.toMatch(/\n\s+at |TypeError|RangeError|undefined|NaN|\[object /);
  }
}

const NAMES = slashCommands().map((c) => c.slice(1));
const KEYWORDS = [
  ...new Set([
    ...NAMES.flatMap((n) => subcommandWords(n)),
    ...['full', 'condensed', 'csv', 'public', 'user', 'from', 'to', 'days', 'threshold', 'per', 'in', 'within'],
    ...['weekly', 'on', 'off', 'at', 'every', 'mon', 'tues', 'sunday', 'add', 'remove', 'all', 'elum', 'help'],
  ]),
];

/** Dates in every form people and scripts write them, valid and not. */
const dateWord = fc.oneof(
  fc
    .date({ min: new Date('0000-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.constantFrom('0001-01-01', '0099-12-31', '1999-12-31', '2026-02-30', '2026-13-01', '20266-01-01', '-2026-01-01'),
  fc.constantFrom('2026/09/01', '01.09.2026', '9/1/26', 'yesterday', 'today', '2026-09-01T25:00Z', '+002026-09-01'),
  fc
    .tuple(fc.integer({ min: -99999, max: 99999 }), fc.integer({ min: -1, max: 14 }), fc.integer({ min: -1, max: 40 }))
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
);

/** Numbers as typed: huge, signed, exponents, hex, decimals, digits of other scripts. */
const numberWord = fc.oneof(
  fc.integer().map(String),
  fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  fc.double().map(String),
  fc.constantFrom('1e3', '0x10', '7.0', '-0', 'NaN', 'Infinity', '٣', '１２', '9'.repeat(400), '00000000000000000001'),
);

/** Characters that break naive code: NUL, controls, lone surrogates, bidi and zero-width marks, emoji. */
const oddChar = fc.constantFrom(
  '\u0000',
  '\u0007',
  '\u001b[2J',
  '\r\n',
  '\t',
  '\ud800',
  '\udfff',
  '\u200b',
  '\u200f',
  '\u202e',
  '\u2066',
  '\ufeff',
  '\u00a0',
  '\u3000',
  '🟢',
  '👩‍👩‍👧',
  '\u0301',
  'ß',
  'İ',
);

const word = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 2, arbitrary: dateWord },
  { weight: 2, arbitrary: numberWord },
  { weight: 1, arbitrary: fc.emailAddress() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '<@U123|ana>',
      '<@U1>',
      '<#C0123|licenses>',
      '<#C1>',
      '<mailto:a@b.co|a@b.co>',
      '<!here>',
      '<>',
      '<@|>',
      '<#>',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '"',
      "'",
      '""',
      "''",
      '"photometric power"',
      "'Licaso Cloud'",
      '"unclosed',
      "it's",
      '<',
      '>',
      '<<',
      '#',
      '@',
      '\\',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'Europe/Berlin',
      'europe/berlin',
      'UTC',
      'CET',
      'Mars/Olympus',
      'Etc/GMT+5',
      '09:00',
      '24:00',
      '9:5',
      '23:59',
    ),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.array(oddChar, { minLength: 1, maxLength: 4 }).map((a) => a.join('')) },
);

const separator = fc.constantFrom(' ', '  ', '\t', '\n', '\u00a0', '\u3000', '');
const chatText = fc
  .array(fc.tuple(word, separator), { maxLength: 10 })
  .map((parts) => parts.map(([w, s]) => w + s).join(''));

const SEED = 20261201;

describe('chat command parser (property-based)', () => {
  it('parses every text to a command or refuses it with a readable UserError', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES, 'LICSTATS', 'unknown'), chatText, (name, text) => {
        const result = outcome(name.toLowerCase(), text);
        if (!result.ok) readable(result.error, text);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('takes arbitrary Unicode text, lone surrogates included, without another kind of error', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMES), fc.string({ unit: 'binary', maxLength: 200 }), (name, text) => {
        const result = outcome(name, text);
        if (!result.ok) readable(result.error, text);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('refuses or takes a dated /sessions the same way for every date form, never reading year 99 as 1999', () => {
    fc.assert(
      fc.property(fc.constantFrom('from', 'to'), dateWord, (keyword, date) => {
        const result = outcome('sessions', `${keyword} ${date}`);
        const inRange = /^\d{4}-\d{2}-\d{2}$/.test(date) && date >= '2000-01-01' && date <= '2099-12-31';
        const ms = Date.parse(`${date}T00:00:00Z`);
        const real = inRange && !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === date;
        expect(result.ok).toBe(real);
        if (!result.ok) {
          readable(result.error, date);
          expect(result.error.message).toContain(keyword);
        }
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('handles megabyte-sized words and texts (one word, many words, one unclosed quote)', () => {
    const mb = 1024 * 1024;
    const texts = [
      'x'.repeat(mb),
      `flags ${'y'.repeat(mb)}`,
      `"${'z '.repeat(mb / 2)}`,
      `from ${'9'.repeat(mb)}`,
      `usage elum days ${'9'.repeat(mb)}`,
      'a '.repeat(mb / 2),
      `<@${'U'.repeat(mb)}|x>`,
      '\u202e'.repeat(mb),
    ];
    for (const name of NAMES)
      for (const text of texts) {
        const result = outcome(name, text);
        if (!result.ok) expect(result.error.message.length).toBeGreaterThan(0);
      }
  });

  it('suggests the subcommand meant by a typo, as the error hint says', () => {
    expect(() => parseTyped('licstats', 'flags extra')).toThrow('Unexpected "extra".');
    expect(resolveCommand('licstats', ['flgs']).possibleTypo).toBe('flags');
    // A pasted megabyte is no typo of anything (and is not measured against every subcommand).
    expect(resolveCommand('licstats', ['f'.repeat(1024 * 1024)]).possibleTypo).toBeUndefined();
  });
});

describe('command text round trip (property-based)', () => {
  it('tokenize(renderArgs(words)) gives the same words back whenever they can be written', () => {
    const anyWord = fc.oneof(word, fc.string({ unit: 'binary', maxLength: 20 }), fc.constant(''));
    fc.assert(
      fc.property(fc.array(anyWord, { maxLength: 8 }), (words) => {
        const text = renderArgs(words);
        if (text === undefined) {
          // Only a word that needs quoting and holds both quotes cannot be written.
          expect(words.some((w) => w.includes('"') && w.includes("'"))).toBe(true);
          return;
        }
        expect(tokenize(text)).toEqual(words);
      }),
      { seed: SEED, numRuns: 3000 },
    );
  });

  it('a parsed mention renders back to the same mention', () => {
    const id = fc.stringMatching(/^[A-Z0-9][\w-]{0,20}$/);
    const name = fc.option(fc.stringMatching(/^[^|>]{1,20}$/), { nil: undefined });
    fc.assert(
      fc.property(id, name, (userId, shown) => {
        const text = shown === undefined ? `<@${userId}>` : `<@${userId}|${shown}>`;
        expect(parseMention(text)).toEqual({ userId, name: shown });
        expect(tokenize(`admins add ${text}`)).toEqual(['admins', 'add', text]);
      }),
      { seed: SEED, numRuns: 500 },
    );
  });
});
