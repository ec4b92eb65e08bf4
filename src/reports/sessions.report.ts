import type { Readable } from 'node:stream';
import type { EntityManager } from '@mikro-orm/postgresql';
import { formatDuration } from '../domain/duration.js';
import { SESSIONS_CONDENSED_COLUMNS, SESSIONS_FULL_COLUMNS } from '../domain/portal-csv.js';
import type { TimeWindow } from '../domain/time-window.js';
import { formatZonedShort } from '../domain/time-zone.js';
import type { CondensedRow, FullHistory, SessionFilters, SessionRow } from '../queries/session-history.query.js';
import { streamSessionExport } from '../queries/session-history-stream.query.js';
import { type CsvCell, csvStream } from './csv.js';
import { left, right, type Table } from './table.js';

export const SESSIONS_FULL_CSV_HEADER = SESSIONS_FULL_COLUMNS;
export const SESSIONS_CONDENSED_CSV_HEADER = SESSIONS_CONDENSED_COLUMNS;

/** DateTime of the full view: when an active session started, when a closed one ended. */
export function sessionDateTime(s: SessionRow): Date {
  return s.endedAt ?? s.startedAt;
}

/** Export of the full view (same filters), streamed from COPY: memory stays flat. */
export function exportSessionsFull(em: EntityManager, accountId: number, filters: SessionFilters, zone: string) {
  return csvStream(SESSIONS_FULL_CSV_HEADER, streamSessionExport(em, accountId, filters, zone));
}

export function sessionsCondensedCsv(rows: readonly CondensedRow[]): Readable {
  const records = rows.map((r): CsvCell[] => [
    r.userEmail,
    r.productName,
    r.sessions,
    r.activeSessions,
    formatDuration(r.durationSeconds),
    r.durationSeconds,
  ]);
  return csvStream(SESSIONS_CONDENSED_CSV_HEADER, [records]);
}

/** `2026-08-28 – 2026-11-28 (to now), Asia/Kolkata` */
export function windowText(window: TimeWindow, zone: string): string {
  return `${window.fromDate} – ${window.toDate}${window.endsNow ? ' (to now)' : ''}, ${zone}`;
}

function sessionCells(s: SessionRow, zone: string): string[] {
  return [
    formatZonedShort(sessionDateTime(s), zone),
    s.userEmail,
    s.productName,
    s.version,
    s.machine,
    formatDuration(s.durationSeconds),
  ];
}

const sessionColumns = [
  left('DateTime'),
  left('Email'),
  left('Program'),
  left('Version'),
  left('Machine'),
  right('Duration'),
];

/** The full view's two sections; notes say how many rows a limit left out. */
export function sessionsFullTables(full: FullHistory, window: TimeWindow, zone: string): Table[] {
  const more = (shown: number, total: number) =>
    total > shown ? [`${total - shown} more not shown: export the view as CSV for every row.`] : [];
  return [
    {
      title: `🟢 Active sessions (${full.totalActive}) — started, newest first`,
      columns: sessionColumns,
      rows: full.active.map((s) => sessionCells(s, zone)),
      notes: more(full.active.length, full.totalActive),
    },
    {
      title: `Closed sessions (${full.totalClosed}) — ended, newest first`,
      columns: sessionColumns,
      rows: full.closed.map((s) => sessionCells(s, zone)),
      notes: [
        ...more(full.closed.length, full.totalClosed),
        `Sessions that started in ${windowText(window, zone)}; durations of active sessions run to now.`,
      ],
    },
  ];
}

export function sessionsCondensedTable(rows: readonly CondensedRow[], window: TimeWindow, zone: string): Table {
  return {
    title: 'Sessions by user and program',
    columns: [left('Email'), left('Program'), right('Sessions'), right('Duration')],
    rows: rows.map((r) => [
      r.userEmail,
      r.productName,
      `${r.sessions}${r.activeSessions ? ` (${r.activeSessions} active)` : ''}`,
      formatDuration(r.durationSeconds),
    ]),
    notes: [
      ...(rows.length ? [] : ['No sessions in this window.']),
      `Sessions that started in ${windowText(window, zone)}; durations of active sessions run to now.`,
    ],
  };
}
