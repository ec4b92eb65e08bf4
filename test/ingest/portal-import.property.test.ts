import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { viewLicenseStats } from '../../src/core/use-cases/license-stats.use-case.js';
import { sessionHistoryScope } from '../../src/core/use-cases/session-history.use-case.js';
import type { Account } from '../../src/db/entities/index.js';
import { LICENSE_STATS_COLUMNS, SESSIONS_FULL_COLUMNS } from '../../src/domain/portal-csv.js';
import { UserError } from '../../src/errors.js';
import { ImportRefused } from '../../src/ingest/portal/import-report.js';
import { importLicenseStats } from '../../src/ingest/portal/license-stats.import.js';
import { importSessionHistory } from '../../src/ingest/portal/session-history.import.js';
import { sessionHistoryFull } from '../../src/queries/session-history.query.js';
import { csvStream } from '../../src/reports/csv.js';
import { addLicense } from '../helpers/fixtures.js';
import { createDefaultAccount, useTestDatabase } from '../helpers/test-database.js';

/**
 * The property of both importers: a file either imports and reads back exactly as written
 * (through the same use cases the CLI and chat show), or is refused with every listed
 * problem naming its line (and column) and nothing stored; never another error. Fixed
 * seeds, so a failure reproduces.
 */
const dir = mkdtempSync(join(tmpdir(), 'licbot-property-'));
let files = 0;
const write = (content: string | Buffer) => {
  const path = join(dir, `f${files++}.csv`);
  writeFileSync(path, content);
  return path;
};

const NOW = new Date();
const SESSION_COLUMNS = [...SESSIONS_FULL_COLUMNS];
const STATS_COLUMNS = [...LICENSE_STATS_COLUMNS];
const COLUMN_NAMES = new Set([...SESSION_COLUMNS, ...STATS_COLUMNS]);

/** Text people and attackers put in cells: odd Unicode, formulas, SQL, quotes, line breaks. */
const nasty = fc.constantFrom(
  '\u200f',
  '\u202e',
  '\u200b',
  '\u2060',
  '\ufeff',
  '😀',
  '👩🏽‍💻',
  'Müller',
  'Désirée',
  '日本',
  'ש',
  '"',
  '""',
  "'",
  ',',
  '\r\n',
  '\n',
  '\r',
  '\t',
  ' ',
  '=1+1',
  '+SUM(A1)',
  '-2',
  '@cmd',
  "'; drop table session; --",
  '$1',
  '?',
  '\\',
  '%_',
  '\u00a0',
  '\uff1d',
);
const cellText = (max: number) =>
  fc
    .array(fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 4 })), { minLength: 1, maxLength: 8 })
    .map((parts) => parts.join(''))
    .filter((s) => s.trim().length > 0 && [...s.trim()].length <= max && !s.includes('\u0000'));

/** A value as the importer stores it: trimmed (as the event API trims). */
const stored = (value: string) => value.trim();
/** Values a portal file (no formula guard) cannot tell from a guarded one. */
const looksGuarded = (value: string) => /^'+[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/.test(value);
/** A file as LicBot's exports write it (reports/csv.ts): BOM, formula guard. */
async function exportStyle(header: string[], records: string[][]): Promise<string> {
  let text = '';
  for await (const chunk of csvStream(header, [records])) text += chunk;
  return text;
}

/** The instant `ms` as ISO 8601 with one of several offsets; milliseconds only when it has some. */
const dateForms = (ms: number) =>
  fc.constantFrom('Z', '+00:00', '+05:30', '-08:00', '+14:00').map((offset) => {
    const sign = offset[0] === '-' ? -1 : 1;
    const minutes = offset === 'Z' ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4)));
    const local = new Date(ms + minutes * 60_000).toISOString();
    return `${ms % 1000 ? local.slice(0, 23) : local.slice(0, 19)}${offset}`;
  });

interface SessionCase {
  active: boolean;
  startMs: number;
  seconds: number;
  dateTime: string;
  email: string;
  program: string;
  version: string;
  machine: string;
}

const sessionCase: fc.Arbitrary<SessionCase> = fc
  .record({
    active: fc.boolean(),
    // Whole milliseconds within the default 3-month window, ended before now.
    startMs: fc
      .tuple(fc.integer({ min: -60 * 86_400, max: -4 * 86_400 }), fc.constantFrom(0, 0, 1, 250, 999))
      .map(([seconds, ms]) => Math.floor(NOW.getTime() / 1000) * 1000 + seconds * 1000 + ms),
    seconds: fc.integer({ min: 0, max: 3 * 86_400 }),
    local: fc.stringMatching(/^[a-z0-9]([a-z0-9_'+-]{0,20}[a-z0-9_+-])?$/),
    email: fc.constantFrom('', '-', '+', '_'),
    program: fc.constantFrom('AGi32', 'agi32', 'AGI32', ' AGi32 '),
    version: cellText(64),
    machine: cellText(200),
  })
  .chain((r) => {
    const anchor = r.active ? r.startMs : r.startMs + r.seconds * 1000;
    return dateForms(anchor).map(
      (dateTime): SessionCase => ({
        active: r.active,
        startMs: r.startMs,
        seconds: r.seconds,
        dateTime,
        email: `${r.email}${r.local}@example.com`,
        program: r.program,
        version: r.version,
        machine: r.machine,
      }),
    );
  });

const sessionRecord = (s: SessionCase) => [
  s.active ? 'Active' : 'Closed',
  s.dateTime,
  s.email,
  s.program,
  s.version,
  s.machine,
  `${Math.floor(s.seconds / 3600)}:${String(Math.floor((s.seconds % 3600) / 60)).padStart(2, '0')}:${String(s.seconds % 60).padStart(2, '0')}`,
  String(s.seconds),
];

/** Broken lines to splice into a file: ragged, bad quotes, NUL, bad dates and numbers, huge cells. */
const junkLine = fc.oneof(
  fc.constant('Closed,2026-01-01T00:00:00Z,a@example.com'),
  fc.constant('Closed,"2026-01-01T00:00:00Z,a@example.com,AGi32,1,PC,0:00:01,1'),
  fc.constant('Closed,2026-01-01T00:00:00Z,a@example.com,AGi32,1,P"C,0:00:01,1'),
  fc.constant('Closed,2026-01-01T00:00:00Z,a@example.com,AGi32,1,PC\u0000,0:00:01,1'),
  fc
    .constantFrom(
      '0001-01-01T00:00:00Z',
      '0099-12-31T23:59:59Z',
      '99-01-01T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '2026-01-01 00:00:00',
      '2026-01-01T00:00:00',
      '2026-01-01T24:00:00Z',
      '1/2/2026',
      '2026-01-01T00:00:00.1234Z',
      '+275760-09-13T00:00:00Z',
      '',
    )
    .map((d) => `Closed,${d},a@example.com,AGi32,1,PC,0:00:01,1`),
  fc
    .constantFrom('99999999999999999999', '1e9', '-1', '0x10', '１', 'NaN', '1.5')
    .map((n) => `Closed,2026-01-01T00:00:00Z,a@example.com,AGi32,1,PC,,${n}`),
  fc
    .constantFrom('x'.repeat(201), 'ü'.repeat(65), '😀'.repeat(300))
    .map((long) => `Active,2026-01-01T00:00:00Z,a@example.com,AGi32,${long},${long},0:00:01,1`),
  fc
    .constantFrom('Nope', 'Closed ', 'aktiv', '=Active')
    .map((s) => `${s},2026-01-01T00:00:00Z,a@x.io,AGi32,1,PC,0:00:01,1`),
);

/**
 * At most this many lines, however a reader counts the line breaks inside quoted cells
 * (csv-parse counts a CR and an LF there each as one): every CR and LF plus one.
 */
const lineCount = (text: string) => (text.match(/[\r\n]/g)?.length ?? 0) + 1;

/** What a refusal must look like: each listed problem names a line of the file and, if any, a real column. */
function expectClearRefusal(error: unknown, lines: number) {
  if (!(error instanceof UserError)) throw error;
  if (!(error instanceof ImportRefused)) {
    expect(error.message).toMatch(/^f\d+\.csv (is not|is empty)/);
    return;
  }
  expect(error.problemCount).toBeGreaterThan(0);
  for (const p of error.problems) {
    expect(p.line).toBeGreaterThan(1);
    expect(p.line).toBeLessThanOrEqual(lines);
    if (p.column) expect(COLUMN_NAMES.has(p.column)).toBe(true);
    expect(p.message.length).toBeGreaterThan(5);
  }
  expect(error.message).toMatch(/^Nothing imported from f\d+\.csv: /);
  expect(error.message).not.toMatch(/\n\s+at /);
}

describe('portal CSV import properties', () => {
  const db = useTestDatabase();
  let account: Account;
  const hashSecret = () => db().config.HASH_SECRET;
  const sessionsBack = async () => {
    const em = db().em();
    const { filters } = await sessionHistoryScope(em, account, { now: NOW });
    const full = await sessionHistoryFull(em, account.id, filters);
    return [...full.active, ...full.closed]
      .map((s) => ({
        active: s.active,
        startMs: s.startedAt.getTime(),
        endMs: s.endedAt?.getTime() ?? null,
        email: s.userEmail,
        program: s.productName,
        version: s.version,
        machine: s.machine,
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  };
  const clearSessions = () => db().sql('delete from session where account_id = $1', [account.id]);

  beforeAll(async () => {
    account = await createDefaultAccount(db(), 'prop');
    await addLicense(db(), account, { product: 'AGi32', type: 'MUL', seats: 5 });
  });

  it('Session History: legal but odd files import and read back exactly, in both our and the portal style', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(sessionCase, { minLength: 1, maxLength: 12 }), fc.boolean(), async (cases, ours) => {
        await clearSessions();
        const usable = ours ? cases : cases.filter((c) => !looksGuarded(c.version) && !looksGuarded(c.machine));
        fc.pre(usable.length > 0);
        const csv = ours
          ? await exportStyle(SESSION_COLUMNS, usable.map(sessionRecord))
          : stringify([SESSION_COLUMNS, ...usable.map(sessionRecord)]);
        const report = await importSessionHistory(db().em(), account.id, write(csv), {
          hashSecret: hashSecret(),
          now: NOW,
        });
        expect(report.total('stored')).toBe(usable.length);
        const expected = usable
          .map((c) => ({
            active: c.active,
            startMs: c.startMs,
            endMs: c.active ? null : c.startMs + c.seconds * 1000,
            email: c.email.toLowerCase(),
            program: 'AGi32',
            version: stored(c.version),
            machine: stored(c.machine),
          }))
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        expect(await sessionsBack()).toEqual(expected);
        // And once more: nothing new.
        const again = await importSessionHistory(db().em(), account.id, write(csv), {
          hashSecret: hashSecret(),
          now: NOW,
        });
        expect(again.total('duplicates')).toBe(usable.length);
      }),
      { seed: 13, numRuns: 60 },
    );
  });

  it('Session History: any file with junk lines is imported exactly or refused clearly with nothing stored', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(sessionCase, { maxLength: 6 }),
        fc.array(fc.tuple(fc.nat(), junkLine), { minLength: 1, maxLength: 4 }),
        async (cases, junk) => {
          await clearSessions();
          const lines = stringify(cases.map(sessionRecord), { escape_formulas: true, record_delimiter: '\r\n' })
            .split(/\r\n(?=(?:Active|Closed),)/)
            .filter(Boolean);
          for (const [at, line] of junk) lines.splice(at % (lines.length + 1), 0, line);
          const content = `${SESSION_COLUMNS.join(',')}\r\n${lines.join('\r\n')}\r\n`;
          try {
            await importSessionHistory(db().em(), account.id, write(content), { hashSecret: hashSecret(), now: NOW });
          } catch (error) {
            expectClearRefusal(error, lineCount(content));
            expect(await sessionsBack()).toEqual([]);
            return;
          }
          // Only possible when every junk line happened to be valid: then it all reads back.
          expect((await sessionsBack()).length).toBeGreaterThanOrEqual(cases.length);
        },
      ),
      { seed: 2501, numRuns: 60 },
    );
  });

  it('License Stats: odd product names and numbers import exactly as in the file, or the file is refused clearly', async () => {
    const counters = fc
      .tuple(
        fc.nat({ max: 999_999_999 }),
        fc.nat({ max: 999_999_999 }),
        fc.nat({ max: 999_999_999 }),
        fc.nat({ max: 999_999_999 }),
        fc.nat({ max: 999_999_999 }),
      )
      .map(([full, a, b, c, other]) => {
        const [takeDenied, declined, limited] = [a, b, c].sort((x, y) => x - y) as [number, number, number];
        return { full, limited, declined, takeDenied, other };
      });
    const row = fc.record({
      product: fc.oneof(cellText(200), fc.constantFrom('AGi32', 'Licaso')),
      type: fc.constantFrom('SUL', 'MUL', 'HWK') as fc.Arbitrary<'SUL' | 'MUL' | 'HWK'>,
      seats: fc.integer({ min: 1, max: 999_999 }),
      day: fc.integer({ min: Date.parse('2000-01-01'), max: Date.parse('9999-12-31') }),
      used: fc.nat({ max: 999_999_999 }),
      available: fc.nat({ max: 999_999_999 }),
      counters,
      // Mostly good rows; now and then one with a bad cell.
      poison: fc.oneof(
        { weight: 6, arbitrary: fc.constant(null) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            ['Status', 'Expires 0001-01-01'],
            ['Status', 'Expires 2026-02-30'],
            ['Status', 'Expires 26-01-01'],
            ['Activations Used', '1e3'],
            ['Activations Used', '-1'],
            ['Full Access', '9999999999'],
            ['Licenses', '0'],
            ['Type', 'DROP'],
            ['Product', 'x'.repeat(201)],
            ['Product', 'a\u0000b'],
          ),
        },
      ),
    });
    let runs = 0;
    const outcomes = { imported: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(row, { minLength: 1, maxLength: 6 }), async (rows) => {
        // A fresh account each run: the full codes create their licenses.
        const fresh = await createDefaultAccount(db(), `stats-${runs++}`);
        const records = rows.map((r, i) => {
          const hwk = r.type === 'HWK';
          const c = r.counters;
          const cells: Record<string, string> = {
            Product: r.product,
            Licenses: `${r.seats} ${r.type}`,
            Type: r.type,
            Status: `Expires ${new Date(r.day).toISOString().slice(0, 10)}`,
            'Activations Used': String(r.used),
            'Activations Available': String(r.available),
            'Activation Code': `PROP${i}-${runs}-FULL-CODE`,
            'Full Access': hwk ? 'n/a' : String(c.full),
            'Limited Access': hwk ? 'n/a' : String(c.limited),
            'Declined Access': hwk ? 'n/a' : String(c.declined),
            Takes: r.type === 'SUL' ? String(c.other) : 'n/a',
            'Take Denied': r.type === 'SUL' ? String(c.takeDenied) : '0',
            Checkouts: r.type === 'MUL' ? String(c.other) : 'n/a',
          };
          if (r.type !== 'SUL' && !hwk) cells['Take Denied'] = '0';
          if (r.poison) cells[r.poison[0]] = r.poison[1];
          return STATS_COLUMNS.map((name) => cells[name]!);
        });
        const csv = await exportStyle(STATS_COLUMNS, records);
        const names = new Set(rows.map((r) => r.product.trim().toLowerCase()));
        try {
          await importLicenseStats(db().em(), fresh.id, write(csv), { hashSecret: hashSecret(), now: NOW });
        } catch (error) {
          expectClearRefusal(error, lineCount(csv));
          expect(await db().sql('select id from license where account_id = $1', [fresh.id])).toEqual([]);
          outcomes.refused++;
          return;
        }
        expect(rows.some((r) => r.poison)).toBe(false);
        const { result } = await viewLicenseStats(db().em(), fresh, { now: NOW });
        expect(result.products.length).toBe(names.size);
        const back = result.licenses
          .map((l) => [
            l.productName.toLowerCase(),
            l.type,
            l.seats,
            l.expiresOn,
            l.activationsUsed,
            l.activationsAvailable,
            l.counters,
          ])
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        const expected = rows
          .map((r) => {
            const c = r.counters;
            const counters =
              r.type === 'HWK'
                ? null
                : {
                    full: c.full,
                    limited: c.limited,
                    declined: c.declined,
                    takes: r.type === 'SUL' ? c.other : 0,
                    takeDenied: r.type === 'SUL' ? c.takeDenied : 0,
                    checkouts: r.type === 'MUL' ? c.other : 0,
                  };
            return [
              stored(r.product).toLowerCase(),
              r.type,
              r.seats,
              new Date(r.day).toISOString().slice(0, 10),
              r.used,
              r.available,
              counters,
            ];
          })
          .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
        expect(back).toEqual(expected);
        outcomes.imported++;
      }),
      { seed: 5, numRuns: 60 },
    );
    // Both sides of the property were exercised.
    expect(outcomes.imported).toBeGreaterThan(10);
    expect(outcomes.refused).toBeGreaterThan(10);
  });

  it('a file in another encoding or with broken bytes is refused, never stored with U+FFFD', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 200 }), async (bytes) => {
        await clearSessions();
        const content = Buffer.concat([Buffer.from(`${SESSION_COLUMNS.join(',')}\r\n`), Buffer.from(bytes)]);
        try {
          await importSessionHistory(db().em(), account.id, write(content), { hashSecret: hashSecret(), now: NOW });
        } catch (error) {
          expectClearRefusal(error, lineCount(content.toString('latin1')));
        }
        for (const s of await sessionsBack()) expect(JSON.stringify(s)).not.toContain('\ufffd');
      }),
      { seed: 1252, numRuns: 60 },
    );
  });
});
