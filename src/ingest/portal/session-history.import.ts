import { basename } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { lockAccount } from '../../db/account-lock.js';
import { SESSIONS_FULL_COLUMNS } from '../../domain/portal-csv.js';
import { FUTURE_TOLERANCE_MS } from '../event-rules.js';
import { type CsvFormat, type CsvRow, readPortalCsv } from './csv-source.js';
import { ImportReport, type RowProblem } from './import-report.js';
import { type IndexedLicense, LicenseIndex, readCodeCell } from './license-index.js';
import { EARLIEST_DAY, readDateTime } from './portal-dates.js';
import { createStage, mergeStage, type StagedSession, stage } from './session-merge.js';

export const SESSION_HISTORY_FORMAT: CsvFormat = {
  kind: 'Session History export (full view)',
  required: SESSIONS_FULL_COLUMNS,
  optional: ['Activation Code'],
  otherKind: { column: 'Full Access', hint: 'It looks like a License Stats export: use `licbot import licenses`.' },
};

/** Rows go to PostgreSQL in chunks of this many: few round trips, flat memory. */
const CHUNK = 1000;
const email = z.email();
/** PostgreSQL's varchar(n) counts characters (code points), not UTF-16 units. */
const length = (text: string) => [...text].length;

type Problem = Omit<RowProblem, 'line'>;

function durationSeconds(row: CsvRow): number | Problem {
  const text = row.get('Duration');
  const hms = /^(\d{1,6}):([0-5]\d):([0-5]\d)$/.exec(text);
  const fromText = hms ? Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]) : undefined;
  const secondsText = row.get('Duration Seconds');
  const seconds = /^\d{1,9}$/.test(secondsText) ? Number(secondsText) : undefined;
  if (text && fromText === undefined) {
    return {
      column: 'Duration',
      message: `"${text}" is not H:MM:SS (hours, minutes 00-59, seconds 00-59): e.g. 1:30:00`,
    };
  }
  if (secondsText && seconds === undefined) {
    return {
      column: 'Duration Seconds',
      message: `"${secondsText}" is not a whole number of seconds (0 to 999999999)`,
    };
  }
  if (fromText !== undefined && seconds !== undefined && fromText !== seconds) {
    return {
      column: 'Duration Seconds',
      message: `${seconds} disagrees with Duration ${text} (${fromText} seconds): correct one of them`,
    };
  }
  return (
    seconds ?? fromText ?? { column: 'Duration', message: 'Duration and Duration Seconds are both empty: fill one' }
  );
}

function license(row: CsvRow, index: LicenseIndex, product: { id: number; name: string }): IndexedLicense | Problem {
  const cell = row.has('Activation Code') ? row.get('Activation Code') : '';
  const column = 'Activation Code';
  let found: IndexedLicense | string;
  if (cell) {
    const code = readCodeCell(cell);
    if ('invalid' in code) return { column, message: code.invalid };
    found =
      'prefix' in code
        ? index.byPrefix(product, code.prefix)
        : (index.byCode(code.code) ?? 'unknown activation code: register the license first (PUT /api/v1/licenses)');
  } else found = index.onlyUsable(product);
  if (typeof found === 'string') return { column, message: found };
  if (found.productId !== product.id) {
    return { column, message: `this activation code belongs to another product than ${product.name}` };
  }
  if (found.type === 'HWK') {
    return { column, message: 'the license is a hardware key (HWK): HWK licenses have no session history' };
  }
  return found;
}

/** Reads and checks one row: the session to stage, or the first problem of the row. */
function readRow(row: CsvRow, index: LicenseIndex, now: number): StagedSession | Problem {
  const statusText = row.get('Status');
  const status = statusText.replace(/[^a-z]/gi, '').toLowerCase();
  if (status !== 'active' && status !== 'closed') {
    return { column: 'Status', message: `"${statusText}" is neither Active nor Closed` };
  }
  const time = readDateTime(row.get('DateTime'));
  if (typeof time === 'string') return { column: 'DateTime', message: time };
  const user = row.get('Email').trim().toLowerCase();
  if (!email.safeParse(user).success || user.length > 320) {
    return { column: 'Email', message: `"${row.get('Email')}" is not an email address (like ana@example.com)` };
  }
  const machine = row.get('Machine').trim();
  if (!machine || length(machine) > 200) return { column: 'Machine', message: 'must be 1 to 200 characters' };
  const version = row.get('Version').trim();
  if (!version || length(version) > 64) return { column: 'Version', message: 'must be 1 to 64 characters' };
  const product = index.product(row.get('Program'));
  if (!product) return { column: 'Program', message: index.unknownProduct(row.get('Program')) };
  const seconds = durationSeconds(row);
  if (typeof seconds !== 'number') return seconds;
  const found = license(row, index, product);
  if (!('id' in found)) return found;
  // Active rows show when the session started; closed rows when it ended (docs/numbers.md, Session history).
  const start = status === 'active' ? time : time - seconds * 1000;
  const last = status === 'active' ? time + seconds * 1000 : time;
  if (last > now + FUTURE_TOLERANCE_MS) {
    const column = status === 'active' ? 'Duration' : 'DateTime';
    return {
      column,
      message: `the session ${status === 'active' ? 'runs' : 'ends'} after now (${new Date(now).toISOString()}): check the ${column}`,
    };
  }
  if (start < Date.parse(`${EARLIEST_DAY}T00:00:00Z`)) {
    return { column: 'Duration', message: `the session would start before ${EARLIEST_DAY}: check the Duration` };
  }
  return {
    line: row.line,
    l: found.id,
    p: product.id,
    u: user,
    c: machine,
    v: version,
    s: new Date(start).toISOString(),
    h: new Date(last).toISOString(),
    e: status === 'closed' ? new Date(time).toISOString() : null,
  };
}

/**
 * Imports the portal's Session History export (full view), or LicBot's own export of it.
 * All or nothing: every row is checked before anything is stored, and one bad row refuses
 * the file (an `ImportRefused` listing the rows to fix) with nothing stored. An active
 * row's session stays open at its last known moment (start + duration) until the timeout
 * sweep closes it there; a later export where it is closed updates its end. Safe to run
 * twice: what is stored already is skipped as a duplicate.
 */
export async function importSessionHistory(
  em: EntityManager,
  accountId: number,
  path: string,
  options: { hashSecret: string; now?: Date },
): Promise<ImportReport> {
  const report = new ImportReport(basename(path), SESSION_HISTORY_FORMAT.kind);
  const now = (options.now ?? new Date()).getTime();
  return em.transactional(async (tx) => {
    // One import of an account at a time: two of the same file must not both store it.
    await lockAccount(tx, accountId);
    const index = await LicenseIndex.load(tx, accountId, options.hashSecret);
    await createStage(tx);
    let chunk: StagedSession[] = [];
    for await (const row of readPortalCsv(path, SESSION_HISTORY_FORMAT, report)) {
      const session = readRow(row, index, now);
      if (!('line' in session)) report.problem(row.line, session.column, session.message);
      else if (report.problemCount === 0) chunk.push(session);
      if (chunk.length >= CHUNK) {
        await stage(tx, chunk);
        chunk = [];
      }
    }
    if (report.problemCount) throw report.refusal();
    if (chunk.length) await stage(tx, chunk);
    for (const { outcome, active, n } of await mergeStage(tx, accountId)) {
      report.count(active ? 'active' : 'closed', outcome === 'duplicate' ? 'duplicates' : outcome, n);
    }
    return report;
  });
}
