/**
 * Splits command text into words; double or single quotes keep spaces inside one word, and
 * Slack's escaped mentions (`<@U123|alice>`) stay one word.
 */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  const pattern = /<[^>]*>|"([^"]*)"|'([^']*)'|(\S+)/g;
  for (const match of text.matchAll(pattern)) {
    words.push(match[1] ?? match[2] ?? match[3] ?? match[0]);
  }
  return words;
}

/** A user mention in the neutral form `<@ID>` or `<@ID|name>`; Teams mentions are rewritten to it. */
export function parseMention(word: string): { userId: string; name?: string } | undefined {
  const match = /^<@([\w-]+)(?:\|([^>]*))?>$/.exec(word);
  if (!match?.[1]) return undefined;
  return { userId: match[1], name: match[2] || undefined };
}

/** The candidate closest to `word` by edit distance, if it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
