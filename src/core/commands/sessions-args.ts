import { typedDate, typedEmail } from '../../domain/typed-input.js';
import { UsageError } from '../../errors.js';

export const SESSIONS_USAGE =
  '/sessions [full|condensed] [product] [user EMAIL] [from YYYY-MM-DD] [to YYYY-MM-DD] [csv]';

export interface SessionsArgs {
  view: 'full' | 'condensed';
  productWords: string[];
  user?: string;
  from?: string;
  to?: string;
  csv: boolean;
}

/** Slack turns typed addresses into `<mailto:a@b.c|a@b.c>`; take the address back out. */
function plainEmail(word: string): string {
  const match = /^<mailto:([^|>]+)(?:\|[^>]*)?>$/.exec(word);
  return match?.[1] ?? word;
}

/** Reads the words of `/sessions` in any order; a keyword without its value names the gap. */
export function parseSessionsArgs(args: readonly string[]): SessionsArgs {
  const parsed: SessionsArgs = { view: 'full', productWords: [], csv: false };
  const valueAfter = (i: number, keyword: string, example: string): string => {
    const value = args[i + 1];
    if (value === undefined)
      throw new UsageError(`"${keyword}" needs a value, e.g. ${keyword} ${example}.`, `Usage: ${SESSIONS_USAGE}`);
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const word = args[i] ?? '';
    const lower = word.toLowerCase();
    if (lower === 'full' || lower === 'condensed') parsed.view = lower;
    else if (lower === 'csv') parsed.csv = true;
    else if (lower === 'user') {
      parsed.user = typedEmail(plainEmail(valueAfter(i++, 'user', 'ana@example.com')), 'user');
    } else if (lower === 'from' || lower === 'to') {
      // Checked here too, so a bad date is refused before anything is read.
      parsed[lower] = typedDate(valueAfter(i++, lower, '2026-09-01'), lower);
    } else parsed.productWords.push(word);
  }
  return parsed;
}
