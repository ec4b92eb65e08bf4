/**
 * The CSV export half of bench/queries.ts, in a process of its own started the way the
 * `licbot` launcher (bin/licbot.js) starts the CLI, so its peak RSS is that of a process
 * doing exactly this export (`licbot sessions --format csv`). The COPY baseline runs here too, after the export (so it does
 * not inflate the export's peak). Prints one JSON line.
 */
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { requireAccount } from '../src/accounts/account.service.js';
import { openOrm } from '../src/db/orm.js';
import { inlineSql } from '../src/db/sql.js';
import { resolveHistoryWindow } from '../src/domain/time-window.js';
import { FIRST_DATE, LAST_DATE } from '../src/domain/typed-input.js';
import { sessionExportSql } from '../src/queries/session-history-stream.query.js';
import { exportSessionsFull } from '../src/reports/sessions.report.js';
import { countingSink, round } from './bench-helpers.js';

const [target = '', slug = 'default', runsText = '3'] = process.argv.slice(2);
const runs = Number(runsText);
const orm = await openOrm(target);
const account = await requireAccount(orm.em.fork(), slug);
const now = new Date();
// Every session: the widest window a command takes (1970..2999 is refused since typed dates
// are checked, and no session can start before the event API's earliest instant).
const filters = { window: resolveHistoryWindow({ from: FIRST_DATE, to: LAST_DATE }, now, account.timeZone), now };
const rssBefore = process.memoryUsage.rss();

const exportTimes: number[] = [];
let exported = { rows: 0, bytes: 0 };
for (let i = 0; i < runs; i++) {
  const sink = countingSink();
  const start = performance.now();
  await pipeline(exportSessionsFull(orm.em.fork(), account.id, filters, account.timeZone), sink);
  exportTimes.push(performance.now() - start);
  exported = { rows: sink.lines - 1, bytes: sink.bytes };
}
const peakRssMb = round(process.resourceUsage().maxRSS / 1024);

// COPY of the very same statement: Postgres renders and writes the CSV itself.
const raw = new pg.Client({ connectionString: target });
await raw.connect();
await raw.query(`select set_config('TimeZone', $1, false)`, [account.timeZone]);
const copySql = `copy (${inlineSql(sessionExportSql(account.id, filters))}) to stdout with csv`;
const copyTimes: number[] = [];
let copied = { rows: 0, bytes: 0 };
for (let i = 0; i < runs; i++) {
  const sink = countingSink();
  const start = performance.now();
  await pipeline(raw.query(copyStreams.to(copySql)), sink);
  copyTimes.push(performance.now() - start);
  copied = { rows: sink.lines, bytes: sink.bytes };
}
await raw.end();
await orm.close();

const exportMs = Math.min(...exportTimes);
const copyMs = Math.min(...copyTimes);
process.stdout.write(
  `${JSON.stringify({
    rows: exported.rows,
    bytes: exported.bytes,
    bestOf: runs,
    ms: round(exportMs),
    allMs: exportTimes.map((t) => round(t)),
    rowsPerSec: Math.round(exported.rows / (exportMs / 1000)),
    copyRows: copied.rows,
    copyBytes: copied.bytes,
    copyMs: round(copyMs),
    allCopyMs: copyTimes.map((t) => round(t)),
    copyRowsPerSec: Math.round(copied.rows / (copyMs / 1000)),
    rateVsCopy: round(copyMs / exportMs, 2),
    rssBeforeMb: round(rssBefore / 2 ** 20),
    peakRssMb,
    nodeFlags: process.execArgv.filter((a) => a.startsWith('--max')),
  })}\n`,
);
