import type { AlertMemory, DenialDecision, ExpiryStage } from '../domain/alert-rules.js';
import type { DenialFlag } from '../domain/flags.js';
import { formatZonedShort, localDate } from '../domain/time-zone.js';
import type { DeniedUsers, ExpiringLicense } from '../queries/alert-subjects.query.js';
import { left, right, type Table } from './table.js';

/** Denied users named in a denial alert; the rest are counted. */
export const DENIED_USERS_SHOWN = 10;

/** An alert's content before any platform renders it (core adds the button). */
export interface AlertMessage {
  title: string;
  text: string;
  tables: Table[];
  notes: string[];
  /** A command the recipient can run again from the message, as themselves. */
  action?: { label: string; command: string; text: string };
  /** One line with the figures, for logs and `licbot alerts check`. */
  summary: string;
  /** The figures the message states, for the alert log. */
  figures: Record<string, unknown>;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function licenseLabel(l: { productName: string; type: string; codeLabel: string; seats: number }): string {
  return `${l.productName} ${l.type} ${l.codeLabel} (${plural(l.seats, 'seat')})`;
}

export interface DenialAlertInput {
  flag: DenialFlag;
  windowDays: number;
  /** Peak concurrent sessions over the window: MUL pools only. */
  pool?: { peak: number; peakAt: Date | null };
  users: DeniedUsers;
  decision: DenialDecision & { fire: true };
  previous?: AlertMemory;
  zone: string;
}

export function denialAlertMessage(input: DenialAlertInput): AlertMessage {
  const { flag, pool, users, zone, previous } = input;
  const label = licenseLabel({ ...flag, type: flag.licenseType });
  const counted = `${flag.declined} declined in the last ${plural(input.windowDays, 'day')}`;
  const peak = pool ? `Peak concurrent use: ${pool.peak} of ${plural(flag.seats, 'seat')}` : undefined;
  const peakAt = pool?.peakAt ? ` (first reached ${formatZonedShort(pool.peakAt, zone)})` : '';
  const extra = plural(flag.suggestedExtraSeats, 'extra seat');
  const fromDate = localDate(flag.window.from, zone);
  const toDate = localDate(flag.window.to, zone);
  const more = users.total - users.users.length;
  const again =
    input.decision.because === 'doubled'
      ? [`Sent again: the count has at least doubled since the last alert (${previous?.lastValue}).`]
      : input.decision.because === 'repeat_after_24h'
        ? [`Still at or above the threshold a day after the last alert (${previous?.lastValue} then).`]
        : [];
  return {
    title: `Frequent denials: ${flag.productName}`,
    text: [
      `${label}: ${counted} (threshold ${flag.threshold}).`,
      ...(peak ? [`${peak}${peakAt}.`] : []),
      `${users.total} ${users.total === 1 ? 'person' : 'people'} turned away. Suggested: ${extra}, the most people denied within one hour.`,
    ].join('\n'),
    tables: [
      {
        title: `Denied users (${users.total})`,
        columns: [left('User'), right('Declined')],
        rows: users.users.map((u) => [u.email, String(u.declined)]),
        notes: more > 0 ? [`…and ${more} more.`] : [],
      },
    ],
    notes: [
      `Window: ${formatZonedShort(flag.window.from, zone)} – ${formatZonedShort(flag.window.to, zone)} (${zone}).`,
      ...again,
      `Send CSV: the ${flag.productName} sessions of ${fromDate} – ${toDate}, to see who held the seats when people were turned away.`,
    ],
    // The sessions, not the counters: the alert already states the counts; who held the
    // seats, when and for how long is what a manager needs to reclaim a seat or justify one.
    action: { label: 'Send CSV', command: 'sessions', text: `${flag.productName} from ${fromDate} to ${toDate} csv` },
    summary: [
      `${label}: ${counted}`,
      ...(pool ? [`peak ${pool.peak}/${flag.seats} concurrent`] : []),
      `${plural(users.total, 'user')} denied`,
      `suggest ${extra}`,
    ].join(', '),
    figures: {
      product: flag.productName,
      licenseId: flag.licenseId,
      acPrefix: flag.acPrefix,
      type: flag.licenseType,
      seats: flag.seats,
      declined: flag.declined,
      threshold: flag.threshold,
      windowDays: input.windowDays,
      from: flag.window.from.toISOString(),
      to: flag.window.to.toISOString(),
      ...(pool ? { peakConcurrent: pool.peak, peakAt: pool.peakAt?.toISOString() ?? null } : {}),
      deniedUsers: users.total,
      users: users.users.map((u) => u.email),
      suggestedExtraSeats: flag.suggestedExtraSeats,
      because: input.decision.because,
      ...(previous ? { previousValue: previous.lastValue, previousAt: previous.lastFiredAt.toISOString() } : {}),
    },
  };
}

export function expiryAlertMessage(license: ExpiringLicense, daysLeft: number, stage: ExpiryStage): AlertMessage {
  const when = daysLeft === 0 ? 'today' : `in ${plural(daysLeft, 'day')}`;
  return {
    title: `License expires ${when}: ${license.productName}`,
    text:
      daysLeft === 0
        ? `${licenseLabel(license)} expires today, ${license.expiresOn}: from tomorrow it can no longer be used.`
        : `${licenseLabel(license)} expires on ${license.expiresOn}, ${when}.`,
    tables: [],
    notes: [
      'Once renewed, update its expiry date in LicBot (license API or CLI); the new date gets its own reminders.',
    ],
    action: { label: 'Show usage', command: 'licstats', text: license.productName },
    summary: `${licenseLabel(license)} expires ${license.expiresOn}, ${when}`,
    figures: {
      product: license.productName,
      licenseId: license.licenseId,
      acPrefix: license.acPrefix,
      type: license.type,
      seats: license.seats,
      expiresOn: license.expiresOn,
      daysLeft,
      stage,
    },
  };
}
