import { isValidTimeZone } from '../../domain/time-zone.js';
import { WEEKDAY_NAMES, WEEKDAYS } from '../../domain/weekly-schedule.js';
import { UsageError } from '../../errors.js';

export const SUBSCRIBE_USAGE = '/licstats subscribe weekly [#channel] [mon 09:00] [Europe/Berlin]';
const EXAMPLE = '/licstats subscribe weekly #licenses mon 09:00 Europe/Berlin';

/** What `subscribe weekly …` said; anything left out takes its default when the command runs. */
export interface SubscribeArgs {
  channel?: { id: string; name?: string };
  /** ISO weekday, 1 = Monday. */
  weekday?: number;
  /** `HH:MM`, 24 h. */
  timeOfDay?: string;
  timeZone?: string;
}

/** Words that read naturally (`every mon at 09:00`) and mean nothing by themselves. */
const FILLERS = new Set(['at', 'on', 'every']);

/** The words after `subscribe`, in any order after `weekly`. Throws a UsageError naming the bad word. */
export function parseSubscribeArgs(words: readonly string[]): SubscribeArgs {
  const [kind, ...rest] = words;
  if (kind === undefined)
    throw new UsageError('Say which report to subscribe to.', `Usage: ${SUBSCRIBE_USAGE}, e.g. ${EXAMPLE}`);
  if (kind.toLowerCase() !== 'weekly')
    throw new UsageError(
      `"${kind}" is not a schedule: LicBot posts weekly reports.`,
      `Start with weekly, e.g. /licstats subscribe weekly mon 09:00`,
    );
  const args: SubscribeArgs = {};
  const set = <K extends keyof SubscribeArgs>(key: K, value: SubscribeArgs[K], word: string, what: string) => {
    if (args[key] !== undefined)
      throw new UsageError(`Two ${what}s given (the second is "${word}").`, `Give one, e.g. ${EXAMPLE}`);
    args[key] = value;
  };
  for (const word of rest) {
    const lower = word.toLowerCase();
    if (FILLERS.has(lower)) continue;
    if (word.startsWith('<') || word.startsWith('#')) set('channel', parseChannel(word), word, 'channel');
    else if (/^\d/.test(word)) set('timeOfDay', parseTime(word), word, 'time');
    else if (
      weekdayOf(word) === undefined &&
      (word.includes('/') || isValidTimeZone(word) || /^[A-Z]{2,5}$/.test(word))
    )
      set('timeZone', parseZone(word), word, 'time zone');
    else set('weekday', parseWeekday(word), word, 'day');
  }
  return args;
}

/** Slack sends a picked channel escaped (`<#C0123|licenses>`, or `<#C0123>`): it carries the id. */
export function parseChannel(word: string): { id: string; name?: string } {
  const escaped = /^<#([^|>\s]+)(?:\|([^>]*))?>$/.exec(word);
  if (escaped?.[1]) return { id: escaped[1], name: escaped[2] || undefined };
  if (word.startsWith('<@'))
    throw new UsageError(`${word} is a person, not a channel.`, `Pick a channel with #, e.g. ${EXAMPLE}`);
  throw new UsageError(
    `LicBot cannot tell which channel "${word}" is.`,
    "Pick the channel from Slack's # autocomplete (type # and choose it from the list), or type the command in the channel itself and leave the channel out (in Teams, always).",
  );
}

/** `09:00` or `9:00`, 24 h. */
export function parseTime(word: string): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(word);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  if (!match || hours > 23 || minutes > 59)
    throw new UsageError(
      `"${word}" is not a time of day.`,
      'Use 24-hour HH:MM, e.g. /licstats subscribe weekly mon 09:00 (or 17:30 for half past five).',
    );
  return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

/** `mon` … `sun`, full names, or any unambiguous start of a name of 3 letters or more (`tues`). */
export function parseWeekday(word: string): number {
  const weekday = weekdayOf(word);
  if (weekday === undefined)
    throw new UsageError(
      `"${word}" is not a day.`,
      `Use ${WEEKDAYS.slice(0, 3).join(', ')}, … ${WEEKDAYS[6]}, e.g. /licstats subscribe weekly mon 09:00`,
    );
  return weekday;
}

function weekdayOf(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (lower.length < 3 || !/^[a-z]+$/.test(lower)) return undefined;
  const index = WEEKDAY_NAMES.findIndex((n) => n.toLowerCase().startsWith(lower));
  return index < 0 ? undefined : index + 1;
}

const ZONE_HINT = 'Use an IANA zone name such as Europe/Berlin, America/New_York, Asia/Kolkata or UTC';

/**
 * IANA names only: abbreviations (CET, EST, PST, IST) are ambiguous or ignore daylight
 * saving time, even where the runtime accepts them, so a post would drift by an hour.
 */
export function parseZone(word: string): string {
  if (word.toLowerCase() === 'utc') return 'UTC';
  if (!word.includes('/')) {
    throw new UsageError(
      `"${word}" is an abbreviation or old alias, not a time zone name.`,
      `${ZONE_HINT}, e.g. /licstats subscribe weekly mon 09:00 Europe/Berlin`,
    );
  }
  if (!isValidTimeZone(word))
    throw new UsageError(
      `"${word}" is not a time zone.`,
      `${ZONE_HINT}, e.g. /licstats subscribe weekly mon 09:00 Europe/Berlin`,
    );
  return canonicalSpelling(word);
}

/** The zone as it is usually written (`europe/berlin` → `Europe/Berlin`); the runtime ignores case. */
function canonicalSpelling(zone: string): string {
  const lower = zone.toLowerCase();
  const known = Intl.supportedValuesOf('timeZone').find((z) => z.toLowerCase() === lower);
  if (known) return known;
  const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  if (resolved.toLowerCase() === lower) return resolved;
  if (zone !== lower) return zone;
  // Aliases the runtime maps to another name (Asia/Kolkata → Asia/Calcutta) keep the typed name.
  return lower.replace(/(^|[/_-])([a-z])/g, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}
