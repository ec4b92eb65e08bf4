import type { LicenseStatus } from './license-status.js';
import { plural } from './plural.js';

/** What can be wrong with a license, most serious first: the order warnings are listed in. */
export const ISSUE_KINDS = ['expired', 'no-activations', 'denials', 'expiring'] as const;
export type IssueKind = (typeof ISSUE_KINDS)[number];

export interface LicenseIssue {
  kind: IssueKind;
  /** A clause after the license's label, saying what is wrong and what to do about it. */
  text: string;
}

/** The issues of one license (expiry, activations, many declines), each with what to do. */
export function licenseIssues(input: {
  status: LicenseStatus;
  activationsAvailable: number | null;
  declined: number | null;
  declinedThreshold: number;
}): LicenseIssue[] {
  const { status } = input;
  const date = status.text.slice(8);
  const issues: LicenseIssue[] = [];
  if (status.state === 'expired')
    issues.push({ kind: 'expired', text: `expired on ${date}: renew it with the vendor` });
  if (input.activationsAvailable !== null && input.activationsAvailable <= 0)
    issues.push({
      kind: 'no-activations',
      text: 'has no activations available: delete unused activations or buy more licenses',
    });
  if (input.declined !== null && input.declined >= input.declinedThreshold)
    issues.push({
      kind: 'denials',
      text: `was declined ${input.declined} times since the last reset: more licenses may be needed`,
    });
  if (status.state === 'expiring') {
    const when = status.daysLeft === 0 ? 'today' : `in ${plural(status.daysLeft, 'day')}`;
    issues.push({ kind: 'expiring', text: `expires ${when} (${date}): renew it in time` });
  }
  return issues;
}

const rank = (issues: readonly LicenseIssue[]) => Math.min(...issues.map((i) => ISSUE_KINDS.indexOf(i.kind)));

const KIND_WORDS: Record<IssueKind, string> = {
  expired: 'expired',
  'no-activations': 'with no activations left',
  denials: 'often denied',
  expiring: 'expiring soon',
};

/**
 * One line per license that needs attention, the most serious first (expired, no
 * activations left, frequent denials, expiring soon; ties keep the given order), at most
 * `max` lines: past that, the last line says how many more and of which kinds.
 */
export function groupedWarnings(
  licenses: readonly { label: string; issues: readonly LicenseIssue[] }[],
  max = 5,
): string[] {
  const flagged = licenses
    .filter((l) => l.issues.length > 0)
    .map((l, order) => ({ ...l, order, rank: rank(l.issues) }))
    .sort((a, b) => a.rank - b.rank || a.order - b.order);
  const line = (l: (typeof flagged)[number]) => `${l.label} ${l.issues.map((i) => i.text).join('; ')}.`;
  if (flagged.length <= max) return flagged.map(line);
  const shown = flagged.slice(0, max - 1);
  const rest = flagged.slice(max - 1);
  const kinds = ISSUE_KINDS.map((k) => [k, rest.filter((l) => ISSUE_KINDS[l.rank] === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${KIND_WORDS[k]}`);
  return [
    ...shown.map(line),
    `…and ${plural(rest.length, 'more license')} to look at (${kinds.join(', ')}): /licstats <product> lists each one.`,
  ];
}
