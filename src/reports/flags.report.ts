import type { FlagWindow } from '../domain/flags.js';
import { formatZonedShort, localDate } from '../domain/time-zone.js';
import type { FlagsResult } from '../queries/flags.query.js';
import { left, right, type Table } from './table.js';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;
const hours = (h: number) => (Math.round(h * 10) / 10).toFixed(1);

function span(window: FlagWindow, zone: string): string {
  return `${formatZonedShort(window.from, zone)} – ${formatZonedShort(window.to, zone)} (${zone})`;
}

/** The four flags (docs/numbers.md, Flags) as tables, each saying the window and threshold it used. */
export function flagsTables(flags: FlagsResult, zone: string, now: Date): Table[] {
  const t = flags.thresholds;
  const windowNote = (list: { window: FlagWindow }[]) => (list[0] ? [`Window: ${span(list[0].window, zone)}.`] : []);
  return [
    {
      title: `Idle seats: no session in the last ${t.idleSeatDays} days (${flags.idleSeats.length})`,
      columns: [left('Product'), left('AC'), left('User'), left('Machine'), left('Activated'), left('Last session')],
      rows: flags.idleSeats.map((f) => [
        f.productName,
        f.codeLabel,
        f.userEmail,
        f.machine,
        localDate(f.activatedAt, zone),
        f.lastSessionAt ? localDate(f.lastSessionAt, zone) : 'never',
      ]),
      notes: [
        ...windowNote(flags.idleSeats),
        ...(flags.idleSeats.length ? ['Candidates to reclaim: deactivate them to free the activation.'] : []),
      ],
    },
    {
      title: `Under-used MUL pools: peak below seats over ${t.poolWindowDays} days (${flags.underusedPools.length})`,
      columns: [
        left('Product'),
        left('AC'),
        right('Seats'),
        right('Peak'),
        left('Peak at'),
        right('Used h'),
        right('Seat h'),
        right('Utilization'),
      ],
      rows: flags.underusedPools.map((f) => [
        f.productName,
        f.codeLabel,
        String(f.seats),
        String(f.peak),
        f.peakAt ? formatZonedShort(f.peakAt, zone) : '—',
        hours(f.usedHours),
        hours(f.capacityHours),
        percent(f.utilization),
      ]),
      notes: windowNote(flags.underusedPools),
    },
    {
      title: `Frequent denials: ${t.denialThreshold}+ declined in ${t.denialWindowDays} days (${flags.frequentDenials.length})`,
      columns: [
        left('Product'),
        left('AC'),
        left('Type'),
        right('Seats'),
        right('Declined'),
        right('Users'),
        right('Suggested extra seats'),
      ],
      rows: flags.frequentDenials.map((f) => [
        f.productName,
        f.codeLabel,
        f.licenseType,
        String(f.seats),
        String(f.declined),
        String(f.deniedUsers),
        String(f.suggestedExtraSeats),
      ]),
      notes: [
        ...windowNote(flags.frequentDenials),
        ...(flags.frequentDenials.length
          ? ['Suggested extra seats: the most distinct users denied within one hour (at least 1).']
          : []),
      ],
    },
    {
      title: `Outdated versions (${flags.outdatedVersions.length})`,
      columns: [left('Product'), left('User'), left('Version'), left('Newest'), left('Last session')],
      rows: flags.outdatedVersions.map((f) => [
        f.productName,
        f.userEmail,
        f.version,
        f.newestVersion,
        formatZonedShort(f.lastSessionAt, zone),
      ]),
      notes: windowNote(flags.outdatedVersions),
    },
  ].map((table) => ({
    ...table,
    notes: table.rows.length ? table.notes : [`Nothing to flag as of ${formatZonedShort(now, zone)}.`],
  }));
}
