/**
 * Inline parts of a reply's text that no platform writes the same way: a person, a channel,
 * a word in bold. Commands put them into ordinary strings with `mention`, `channelLink` and
 * `strong`; each renderer splits the string back into parts (`inlineParts`) and writes them
 * in its own syntax (Slack `<@U1>`, `*bold*`; Teams `<at>…</at>`, `**bold**`). The markers
 * are private-use characters, so they survive UserError messages and queued job payloads,
 * and nothing a person types or a license client reports can look like one.
 */
export type InlinePart =
  | { kind: 'text'; text: string }
  | { kind: 'mention'; userId: string }
  | { kind: 'channel'; id: string; name?: string }
  | { kind: 'strong'; text: string };

const OPEN = '\uE000';
const CLOSE = '\uE001';
const SEP = '\uE002';
const PATTERN = new RegExp(`${OPEN}([mcs])${SEP}([^${CLOSE}]*)${CLOSE}`, 'g');

/** A person, shown the way the platform shows people. */
export function mention(userId: string): string {
  return `${OPEN}m${SEP}${userId}${CLOSE}`;
}

/** A channel (a Slack channel id or a Teams conversation id), with its name when known. */
export function channelLink(id: string, name?: string | null): string {
  return `${OPEN}c${SEP}${id}${name ? `${SEP}${name}` : ''}${CLOSE}`;
}

/** Emphasis (a product or scope named in a sentence). */
export function strong(text: string): string {
  return `${OPEN}s${SEP}${text.replaceAll(CLOSE, '')}${CLOSE}`;
}

/** The parts of a string, in order; a string without markers is one text part. */
export function inlineParts(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  let last = 0;
  for (const match of text.matchAll(PATTERN)) {
    if (match.index > last) parts.push({ kind: 'text', text: text.slice(last, match.index) });
    const [, kind, body = ''] = match;
    if (kind === 'm') parts.push({ kind: 'mention', userId: body });
    else if (kind === 's') parts.push({ kind: 'strong', text: body });
    else {
      const [id = '', name] = body.split(SEP);
      parts.push({ kind: 'channel', id, ...(name ? { name } : {}) });
    }
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', text: text.slice(last) });
  return parts;
}

/** Writes each part with the given writers; text parts go through `text` (to escape them). */
export function renderInline(
  text: string,
  write: {
    text(text: string): string;
    mention(userId: string): string;
    channel(id: string, name?: string): string;
    strong(text: string): string;
  },
): string {
  return inlineParts(text)
    .map((p) => {
      if (p.kind === 'mention') return write.mention(p.userId);
      if (p.kind === 'channel') return write.channel(p.id, p.name);
      if (p.kind === 'strong') return write.strong(write.text(p.text));
      return write.text(p.text);
    })
    .join('');
}

/** Plain text, for logs, the CLI and notification previews. */
export function plainInline(text: string): string {
  return renderInline(text, {
    text: (t) => t,
    mention: (id) => `@${id}`,
    channel: (id, name) => (name ? `#${name}` : id),
    strong: (t) => t,
  });
}
