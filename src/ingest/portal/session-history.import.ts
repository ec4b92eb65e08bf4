import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { query, sql } from '../../db/sql.js';
import { SESSIONS_FULL_COLUMNS } from '../../domain/portal-csv.js';
import { FUTURE_TOLERANCE_MS } from '../event-rules.js';
import { type CsvFormat, type CsvRow, readPortalCsv } from './csv-source.js';
import { ImportReport } from './import-report.js';
import { type IndexedLicense, LicenseIndex, readCodeCell } from './license-index.js';

export const SESSION_HISTORY_FORMAT: CsvFormat = {
  kind: 'Session History export (full view)',
  required: SESSIONS_FULL_COLUMNS,
  optional: ['Activation Code'],
  otherKind: { column: 'Full Access', hint: 'It looks like a License Stats export: use `licbot import licenses`.' },
};

/** Rows go to PostgreSQL in chunks of this many: few round trips, flat memory. */
const CHUNK = 1000;
const dateTime = z.iso.datetime({ offset: true });
const email = z.email();

interface SessionRow {
  k: string;
  l: number;
  p: number;
  u: string;
  c: string;
  v: string;
  s: string;
  h: string;
  e: string | null;
}

function durationSeconds(row: CsvRow): number | string {
  const text = row.get('Duration');
  const hms = /^(\d{1,6}):([0-5]\d):([0-5]\d)$/.exec(text);
  const fromText = hms ? Number(hms[1]) * 3600 + Number(hms[2]) * 60 + Number(hms[3]) : undefined;
  const secondsText = row.get('Duration Seconds');
  const seconds = /^\d{1,9}$/.test(secondsText) ? Number(secondsText) : undefined;
  if (text && fromText === undefined) return `Duration "${text}" is not H:MM:SS`;
  if (secondsText && seconds === undefined) return `Duration Seconds "${secondsText}" is not a whole number`;
  if (fromText !== undefined && seconds !== undefined && fromText !== seconds)
    return `Duration ${text} and Duration Seconds ${seconds} disagree`;
  return seconds ?? fromText ?? 'Duration and Duration Seconds are both empty';
}

/** Reads and checks one row; a string is the reason it is rejected. */
function readRow(row: CsvRow, index: LicenseIndex, now: number): SessionRow | string {
  const status = row
    .get('Status')
    .replace(/[^a-z]/gi, '')
    .toLowerCase();
  if (status !== 'active' && status !== 'closed') return `Status "${row.get('Status')}" is not Active or Closed`;
  const at = row.get('DateTime');
  if (!dateTime.safeParse(at).success) return `DateTime "${at}" is not ISO 8601 with an offset (2026-01-15T09:30:00Z)`;
  const user = row.get('Email').toLowerCase();
  if (!email.safeParse(user).success || user.length > 320) return `Email "${row.get('Email')}" is not an email address`;
  const machine = row.get('Machine');
  const version = row.get('Version');
  if (!machine || machine.length > 200) return 'Machine must be 1 to 200 characters';
  if (!version || version.length > 64) return 'Version must be 1 to 64 characters';
  const product = index.product(row.get('Program'));
  if (!product) return index.unknownProduct(row.get('Program'));
  const seconds = durationSeconds(row);
  if (typeof seconds === 'string') return seconds;
  let license: IndexedLicense | string;
  const cell = row.has('Activation Code') ? row.get('Activation Code') : '';
  if (cell) {
    const code = readCodeCell(cell);
    if ('invalid' in code) return code.invalid;
    license =
      'prefix' in code ? index.byPrefix(product, code.prefix) : (index.byCode(code.code) ?? 'unknown activation code');
  } else license = index.onlyUsable(product);
  if (typeof license === 'string') return license;
  if (license.productId !== product.id) return `this activation code belongs to another product than ${product.name}`;
  if (license.type === 'HWK') return 'the license is a hardware key (HWK): HWK licenses have no session history';
  // Active rows show when the session started; closed rows when it ended (docs/numbers.md, Session history).
  const time = Date.parse(at);
  const start = status === 'active' ? time : time - seconds * 1000;
  const last = status === 'active' ? time + seconds * 1000 : time;
  if (last > now + FUTURE_TOLERANCE_MS) return `the session ${status === 'active' ? 'runs' : 'ends'} in the future`;
  const startIso = new Date(start).toISOString();
  // A stable id from what identifies a session, so importing the file again adds nothing.
  const key = createHash('sha256').update(`${user}\n${product.id}\n${machine}\n${startIso}`).digest('hex');
  return {
    k: `import:${key.slice(0, 40)}`,
    l: license.id,
    p: product.id,
    u: user,
    c: machine,
    v: version,
    s: startIso,
    h: new Date(last).toISOString(),
    e: status === 'closed' ? new Date(time).toISOString() : null,
  };
}

async function insertChunk(em: EntityManager, accountId: number, rows: SessionRow[]): Promise<number> {
  const [result] = await query<{ inserted: number }>(
    em,
    sql`with new_rows as (
       insert into session (account_id, client_session_id, license_id, product_id, user_email, machine, version,
                            started_at, last_heartbeat_at, ended_at)
       select ${accountId}, r.k, r.l, r.p, r.u, r.c, r.v, r.s, r.h, r.e
         from json_to_recordset(${JSON.stringify(rows)}::json)
           as r(k text, l int, p int, u text, c text, v text, s timestamptz, h timestamptz, e timestamptz)
       on conflict (account_id, client_session_id) do nothing
       returning 1)
     select count(*)::int as inserted from new_rows`,
  );
  return result?.inserted ?? 0;
}

/**
 * Imports the portal's Session History export (full view). An active row's session stays
 * open at its last known moment (start + duration) until the timeout sweep closes it there.
 * Safe to run twice: a session already imported is skipped as a duplicate.
 */
export async function importSessionHistory(
  em: EntityManager,
  accountId: number,
  path: string,
  options: { hashSecret: string; now?: Date },
): Promise<ImportReport> {
  const report = new ImportReport();
  const now = (options.now ?? new Date()).getTime();
  const index = await LicenseIndex.load(em, accountId, options.hashSecret);
  let chunk: SessionRow[] = [];
  const flush = async () => {
    const inserted = await insertChunk(em, accountId, chunk);
    report.imported += inserted;
    report.skipped += chunk.length - inserted;
    chunk = [];
  };
  for await (const row of readPortalCsv(path, SESSION_HISTORY_FORMAT, (line, reason) => report.reject(line, reason))) {
    const session = readRow(row, index, now);
    if (typeof session === 'string') report.reject(row.line, session);
    else chunk.push(session);
    if (chunk.length >= CHUNK) await flush();
  }
  if (chunk.length) await flush();
  return report;
}
