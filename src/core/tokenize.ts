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

/**
 * Words written back as command text that `tokenize` splits into the same words (a button
 * that runs a command again stores its text): a word with blanks, or starting with a quote
 * or `<`, goes in the quote it does not contain. Undefined when a word needs quoting and
 * holds both quotes, which no text can say.
 */
export function renderArgs(words: readonly string[]): string | undefined {
  const rendered: string[] = [];
  for (const word of words) {
    if (word !== '' && !/\s/.test(word) && !/^["'<]/.test(word)) rendered.push(word);
    else if (!word.includes('"')) rendered.push(`"${word}"`);
    else if (!word.includes("'")) rendered.push(`'${word}'`);
    else return undefined;
  }
  return rendered.join(' ');
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
  const allowed = Math.max(2, Math.floor(word.length / 3));
  for (const candidate of candidates) {
    // The distance is at least the difference in length: a pasted megabyte is no typo of
    // `flags`, and measuring it would take seconds.
    if (Math.abs(word.length - candidate.length) > allowed) continue;
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best !== undefined && bestDistance <= allowed ? best : undefined;
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
