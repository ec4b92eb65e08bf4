import fc from 'fast-check';

// Shared generators for the property tests of the event and license APIs (issue 13). Each
// value comes with what the API must do with it, decided here independently of the code
// under test: `valid` (stored exactly, after trimming), `invalid` (refused naming the field:
// its shape is wrong), `later` (refused naming the field by the rules that need stored data
// or the clock, which run once the shape of the whole item is right).

export type Verdict = 'valid' | 'invalid' | 'later';
export interface Sent<T = unknown> {
  value: T;
  verdict: Verdict;
}

const MALICIOUS = [
  "'; drop table session; --",
  "Robert'); delete from license where ('1'='1",
  '=HYPERLINK("http://evil.example","x")',
  '+1+cmd|" /C calc"!A0',
  '-2+3',
  '@SUM(A1:A9)',
  '\u202eevil\u202c',
  'zero\u200bwidth',
  '\u200frtl\u200e',
  '👩‍👩‍👧‍👦 family',
  'e\u0301 combining',
  '%s%n%x',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a template injection a client may send, on purpose
  '${7*7}{{7*7}}',
  '<script>alert(1)</script>',
  'back\\slash "quotes"',
  'line\u2028sep\u2029',
  '\ufeffbom',
  'tab\tnew\nline',
  '   padded   ',
  '😀'.repeat(100),
  'é'.repeat(200),
];

/** What the API must do with a text field of at most `max` characters (after trimming). */
export function judgeText(value: string, max: number): Sent<string> {
  const t = value.trim();
  // Lengths count characters (code points), as zod and PostgreSQL's varchar do: an emoji is one.
  const length = [...t].length;
  const verdict = length === 0 || length > max || /\p{Cs}/u.test(t) || t.includes('\u0000') ? 'invalid' : 'valid';
  return { value, verdict };
}

/** Text for a field of at most `max` characters: random, odd Unicode, injections, edge lengths. */
export function textField(max: number): fc.Arbitrary<Sent<string>> {
  const judged = (value: string) => judgeText(value, max);
  return fc.oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).map(judged) },
    { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 30 }).map(judged) },
    { weight: 3, arbitrary: fc.constantFrom(...MALICIOUS).map(judged) },
    {
      weight: 2,
      arbitrary: fc
        .array(fc.constantFrom('A', '\ud800', '\udfff', '\u0000', '😀', ' ', '\u200b'), { minLength: 1, maxLength: 8 })
        .map((parts) => judged(parts.join(''))),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('x'.repeat(max), 'x'.repeat(max + 1), 'y'.repeat(1024 * 1024)).map(judged),
    },
  );
}

/** Any JSON value where a string is expected: numbers, huge numbers, null, objects. */
export const notAString: fc.Arbitrary<Sent> = fc
  .oneof(
    fc.integer(),
    fc.double(),
    fc.constantFrom(1e308, -0, 2 ** 53, null, true),
    fc.array(fc.nat(), { maxLength: 2 }),
  )
  .map((value) => ({ value, verdict: 'invalid' as const }));

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/**
 * An instant written with an offset: its wall time is computed here, from the epoch and the
 * offset, so the API's reading can be checked against it. Valid: offsets -12:00..+14:00, at
 * most 6 decimals, from 2000 to a minute before `now`.
 */
export function instant(now: number): fc.Arbitrary<Sent<string> & { ms?: number }> {
  const formed = fc
    .record({
      ms: fc.oneof(
        fc.integer({ min: Date.parse('2000-01-01T00:00:00Z'), max: now - 60_000 }),
        fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('1999-12-31T23:59:59Z') }),
        fc.integer({ min: now + 6 * 60_000, max: now + 400 * 86_400_000 }),
      ),
      offset: fc.oneof(
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        fc.integer({ min: -23 * 60 - 59, max: 23 * 60 + 59 }),
      ),
      digits: fc.integer({ min: 0, max: 9 }),
      fraction: fc.nat({ max: 999_999_999 }),
    })
    .map(({ ms, offset, digits, fraction }) => {
      const whole = Math.floor(ms / 1000) * 1000;
      const decimals = pad(fraction, 9).slice(0, digits);
      const wall = new Date(whole + offset * 60_000).toISOString().slice(0, 19);
      const sign = offset < 0 ? '-' : '+';
      const zone =
        offset === 0 ? 'Z' : `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
      const value = `${wall}${digits ? `.${decimals}` : ''}${zone}`;
      const exact = whole + (digits ? Number(`0.${decimals}`) * 1000 : 0);
      const shape = offset >= -720 && offset <= 840 && digits <= 6 && whole >= Date.parse('2000-01-01T00:00:00Z');
      const verdict: Verdict = !shape ? 'invalid' : ms < now ? 'valid' : 'later';
      return { value, verdict, ms: exact };
    });
  const odd = fc
    .constantFrom(
      '0000-01-01T00:00:00Z',
      '0001-01-01T00:00:00+14:00',
      '0099-12-31T23:59:59Z',
      '2026-02-30T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-01-01T00:00:60Z',
      '2026-01-01',
      '2026-01-01T00:00:00',
      '2026-01-01T00:00:00+0100',
      '2026-01-01T00:00:00+01',
      '2026-01-01t00:00:00z',
      '+002026-01-01T00:00:00Z',
      '2026-01-01T00:00:00+16:00',
      'yesterday',
      '',
    )
    .map((value) => ({ value, verdict: 'invalid' as const }));
  const farFuture = fc.constant({ value: '9999-12-31T23:59:59Z', verdict: 'later' as const });
  return fc.oneof({ weight: 6, arbitrary: formed }, { weight: 2, arbitrary: odd }, { weight: 1, arbitrary: farFuture });
}

/** A date `YYYY-MM-DD` or something else; valid from 2000-01-01 to 9999-12-31. */
export const expiryDate: fc.Arbitrary<Sent<unknown>> = fc.oneof(
  fc
    .record({
      y: fc.integer({ min: 0, max: 9999 }),
      m: fc.integer({ min: 1, max: 12 }),
      d: fc.integer({ min: 1, max: 28 }),
    })
    .map(({ y, m, d }) => ({
      value: `${pad(y, 4)}-${pad(m)}-${pad(d)}`,
      verdict: y >= 2000 ? ('valid' as const) : ('invalid' as const),
    })),
  fc
    .constantFrom(
      '2027-02-30',
      '2027-13-01',
      '27-01-31',
      '2027-1-31',
      '2027-01-31T00:00:00Z',
      '31.01.2027',
      '',
      20270131,
    )
    .map((value) => ({ value, verdict: 'invalid' as const })),
);

/** A whole number field `min..1,000,000`, or huge, fractional, negative, string and other values. */
export function wholeNumber(min: number): fc.Arbitrary<Sent<unknown>> {
  return fc.oneof(
    fc.integer({ min, max: 1_000_000 }).map((value) => ({ value, verdict: 'valid' as const })),
    fc
      .oneof(
        fc.integer({ min: -(2 ** 31), max: min - 1 }),
        fc.integer({ min: 1_000_001, max: 2 ** 31 }),
        fc.constantFrom(1e308, 2 ** 53 + 1, 1.5, Number.MIN_VALUE, '5', null),
      )
      .map((value) => ({ value, verdict: 'invalid' as const })),
  );
}

/** A stack trace or an internal error in an answer a client sees. */
export const LEAK = /\n\s+at \S|node_modules|Internal error/;

/** Mostly values the API must take, so that both answers are seen often. */
export const mostlyValid = <T>(arbitrary: fc.Arbitrary<Sent<T>>) =>
  fc.oneof({ weight: 3, arbitrary: arbitrary.filter((s) => s.verdict === 'valid') }, { weight: 1, arbitrary });

/** A text field, now and then not a string at all. */
export const textOrNot = (max: number) =>
  mostlyValid(fc.oneof({ weight: 9, arbitrary: textField(max) }, { weight: 1, arbitrary: notAString }));
