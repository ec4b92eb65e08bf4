import { Readable } from 'node:stream';
import { EXPIRY_WARNING_DAYS, licenseWarnings } from '../domain/license-status.js';
import { formatZonedShort } from '../domain/time-zone.js';
import { type NativeChart, poolHistogramNative } from './charts/native-chart.js';
import { poolChart, poolChartAlt } from './charts/pool-chart.js';
import { sessionsCondensedCsv } from './sessions.report.js';
import { left, right, type Table } from './table.js';
import {
  countChange,
  daysLeftText,
  hoursText,
  percentChange,
  plural,
  type WeeklyFlagSection,
  type WeeklyLicenseExpiry,
  type WeeklyProductRow,
  type WeeklyReport,
} from './weekly-model.js';

/** The weekly post, shaped as core's Reply (reports/ does not import core/; the types match). */
export interface WeeklyReply {
  title: string;
  text: string;
  tables: Table[];
  notes: { level: 'info' | 'warning'; text: string }[];
  files: { name: string; open(): Readable }[];
  /**
   * The pool charts among the files, with their alt text (Teams shows them in the card), and
   * the part Slack can draw itself (the hours at each number of seats in use).
   */
  charts: { file: string; alt: string; native?: NativeChart }[];
  visibility: 'public';
}

/** Licenses listed in the post; `/licstats` lists them all. */
const LICENSE_ROWS = 10;
/** Frequent-denial warnings spelled out; the flags table counts them all. */
const DENIAL_NOTES = 3;

export function weeklyReportFileName(report: Pick<WeeklyReport, 'week'>): string {
  return `weekly-report-${report.week.fromDate}_${report.week.toDate}.csv`;
}

/** The one message of a weekly report: a summary, then tables, warnings and the condensed CSV. */
export function weeklyReportReply(report: WeeklyReport): WeeklyReply {
  const { week, zone, totals } = report;
  const title = `Weekly license report · ${week.fromDate} – ${week.toDate} (${zone})`;
  const before = `${plural(totals.previousSessions, 'session')}, ${hoursText(totals.previousSeconds)} hours`;
  const licenses = licensesTable(report);
  const notes = warnings(report);
  if (totals.sessions === 0) {
    // No tables of zeros and no CSV of a header alone: one line says it all.
    const flagCounts = report.flags.sections.filter((s) => s.count > 0).map((s) => flagCount(s));
    const lines = [
      `No sessions between ${week.fromDate} and ${week.toDate} (${zone}).`,
      ...(totals.previousSessions ? [`The week before: ${before}.`] : []),
      ...(flagCounts.length
        ? [`Flags as of ${asOfText(report)}: ${flagCounts.join(', ')}. /licstats flags lists them.`]
        : []),
    ];
    return {
      title,
      text: lines.join('\n'),
      tables: licenses ? [licenses] : [],
      notes,
      files: [],
      charts: [],
      visibility: 'public',
    };
  }
  const text = [
    `${plural(totals.sessions, 'session')} by ${plural(totals.users, 'user')}, ${hoursText(totals.seconds)} hours.`,
    totals.previousSessions
      ? `The week before: ${before} (${countChange(totals.sessions, totals.previousSessions, 'session')}, ${percentChange(totals.seconds, totals.previousSeconds)} hours).`
      : 'The week before had no sessions.',
  ].join(' ');
  return {
    title,
    text,
    tables: [productsTable(report), topUsersTable(report), ...flagTables(report), ...(licenses ? [licenses] : [])],
    notes,
    files: [
      { name: weeklyReportFileName(report), open: () => sessionsCondensedCsv(report.condensed) },
      ...poolChartFiles(report),
    ],
    charts: poolCharts(report),
    visibility: 'public',
  };
}

const poolChartName = (report: WeeklyReport, i: number) =>
  `weekly-pool-${i + 1}-${report.week.fromDate}_${report.week.toDate}.png`;

/** The busiest pools' charts, drawn when the platform opens the file (once per upload). */
function poolChartFiles(report: WeeklyReport): WeeklyReply['files'] {
  const period = `${report.week.fromDate} – ${report.week.toDate}`;
  return (report.pools ?? []).map((pool, i) => ({
    name: poolChartName(report, i),
    open: () => Readable.from([poolChart({ ...pool, period, zone: report.zone }, 'pool.png').png]),
  }));
}

function poolCharts(report: WeeklyReport): WeeklyReply['charts'] {
  const period = `${report.week.fromDate} – ${report.week.toDate}`;
  return (report.pools ?? []).map((pool, i) => ({
    file: poolChartName(report, i),
    alt: poolChartAlt({ ...pool, period }),
    native: poolHistogramNative(pool.label, pool.seats, pool.demand),
  }));
}

function productsTable(report: WeeklyReport): Table {
  const { week, previous, totals } = report;
  const cells = (name: string, r: Omit<WeeklyProductRow, 'productName' | 'activeSessions'>) => [
    name,
    r.sessions.toLocaleString('en-US'),
    countChange(r.sessions, r.previousSessions),
    hoursText(r.seconds),
    percentChange(r.seconds, r.previousSeconds),
    r.users.toLocaleString('en-US'),
  ];
  const active = report.products.reduce((n, p) => n + p.activeSessions, 0);
  const until =
    report.countedUntil === week.to
      ? 'the end of the week'
      : formatZonedShort(new Date(report.countedUntil), report.zone);
  return {
    title: 'Usage by product',
    columns: [left('Product'), right('Sessions'), right('Change'), right('Hours'), right('Change'), right('Users')],
    rows: [
      ...report.products.map((p) => cells(p.productName, p)),
      ...(report.products.length > 1 ? [cells('Total', totals)] : []),
    ],
    notes: [
      `Sessions that started in the week; change against ${previous.fromDate} – ${previous.toDate}.`,
      ...(active ? [`${plural(active, 'session')} still active, counted up to ${until}.`] : []),
      'Left out: hardware keys (HWK), which report no sessions, and users deactivated during the week.',
    ],
  };
}

function topUsersTable(report: WeeklyReport): Table {
  const more = report.totals.users - report.topUsers.length;
  return {
    title: 'Top users by hours',
    columns: [right('#'), left('Email'), left('Products'), right('Sessions'), right('Hours')],
    rows: report.topUsers.map((u, i) => [
      String(i + 1),
      u.userEmail,
      u.products.join(', '),
      u.sessions.toLocaleString('en-US'),
      hoursText(u.seconds),
    ]),
    notes: [more > 0 ? `${plural(more, 'more user')} in the attached CSV.` : 'Every user is in the attached CSV.'],
  };
}

/** Each flag's name: one, many, and as a heading. */
const FLAG_NAMES: Record<WeeklyFlagSection['kind'], [string, string, string]> = {
  idle_seat: ['idle seat', 'idle seats', 'Idle seats'],
  underused_pool: ['under-used pool', 'under-used pools', 'Under-used MUL pools'],
  frequent_denials: ['license with frequent denials', 'licenses with frequent denials', 'Frequent denials'],
  outdated_version: ['outdated version', 'outdated versions', 'Outdated versions'],
};

const flagCount = (s: WeeklyFlagSection) => plural(s.count, FLAG_NAMES[s.kind][0], FLAG_NAMES[s.kind][1]);

const asOfText = (report: WeeklyReport) =>
  `${formatZonedShort(new Date(report.flags.asOf), report.zone)} (${report.zone})`;

/** A summary of the four flags, then the first rows of each one that has any. */
function flagTables(report: WeeklyReport): Table[] {
  const t = report.flags.thresholds;
  const detail: Record<WeeklyFlagSection['kind'], string> = {
    idle_seat: `no session in ${t.idleSeatDays} days`,
    underused_pool: `peak below seats over ${t.poolWindowDays} days`,
    frequent_denials: `${t.denialThreshold}+ declined in ${t.denialWindowDays} days`,
    outdated_version: 'older than the newest version seen',
  };
  const summary: Table = {
    title: `Flags as of ${asOfText(report)}`,
    columns: [left('Flag'), right('Count')],
    rows: report.flags.sections.map((s) => [`${FLAG_NAMES[s.kind][2]} (${detail[s.kind]})`, String(s.count)]),
    notes: ['/licstats flags lists every flag, as of now.'],
  };
  const details = report.flags.sections
    .filter((s) => s.count > 0)
    .map((s) => ({
      ...s.table,
      notes: s.count > s.table.rows.length ? [`${s.count - s.table.rows.length} more: see /licstats flags.`] : [],
    }));
  return [summary, ...details];
}

function licensesTable(report: WeeklyReport): Table | undefined {
  if (!report.licenses.length) return undefined;
  const shown = report.licenses.slice(0, LICENSE_ROWS);
  const more = report.licenses.length - shown.length;
  return {
    title: `Licenses expiring within ${EXPIRY_WARNING_DAYS} days or expired (${report.licenses.length})`,
    columns: [left('Product'), left('AC'), left('Type'), left('Status'), right('Days left')],
    rows: shown.map((l) => [l.productName, l.codeLabel, l.type, l.status.text, daysLeftText(l.status.daysLeft)]),
    notes: [`Days from ${report.periodKey}.`, ...(more > 0 ? [`${more} more: see /licstats.`] : [])],
  };
}

function warnings(report: WeeklyReport): WeeklyReply['notes'] {
  const texts: string[] = [];
  const [expiring, expired] = (['expiring', 'expired'] as const).map((state) =>
    report.licenses.filter((l) => l.status.state === state),
  ) as [WeeklyLicenseExpiry[], WeeklyLicenseExpiry[]];
  // The soonest expiry and the latest expired license in the words of /licstats; the table has the rest.
  const say = (l: WeeklyLicenseExpiry) =>
    licenseWarnings({
      label: `${l.productName} ${l.type} ${l.codeLabel}`,
      status: l.status,
      activationsAvailable: null,
      declined: null,
      declinedThreshold: Number.POSITIVE_INFINITY,
    }).join(' ');
  if (expiring[0]) {
    const many = `${plural(expiring.length, 'license')} expire within ${EXPIRY_WARNING_DAYS} days. Soonest: `;
    texts.push(`${expiring.length > 1 ? many : ''}${say(expiring[0])} Renew in time to keep people working.`);
  }
  if (expired[0])
    texts.push(
      `${expired.length > 1 ? `${plural(expired.length, 'license')} have expired. Latest: ` : ''}${say(expired[0])}`,
    );
  const w = report.flags.thresholds.denialWindowDays;
  for (const d of report.flags.denials.slice(0, DENIAL_NOTES)) {
    texts.push(
      `${d.productName} ${d.licenseType} ${d.codeLabel} (${plural(d.seats, 'seat')}) was declined ${d.declined} times in ${w} days: more licenses may be needed (about ${plural(d.suggestedExtraSeats, 'more seat')}).`,
    );
  }
  const moreDenials = report.flags.denials.length - DENIAL_NOTES;
  if (moreDenials > 0) texts.push(`${plural(moreDenials, 'more license')} with frequent denials: see /licstats flags.`);
  return texts.map((text) => ({ level: 'warning', text }));
}
