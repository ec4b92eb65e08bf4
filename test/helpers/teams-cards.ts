import type { ConnectorCall } from './fake-teams.js';

// biome-ignore lint/suspicious/noExplicitAny: cards are read loosely, as Teams does.
type El = { type?: string; [key: string]: any };

/** The Adaptive Card of a connector call (send or update). */
export function cardOf(call: ConnectorCall | undefined): El {
  const attachments = (call?.body.attachments ?? []) as { contentType: string; content: El }[];
  const card = attachments.find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content;
  if (!card) throw new Error(`no adaptive card in ${JSON.stringify(call?.body).slice(0, 300)}`);
  return card;
}

function walk(elements: El[], visit: (e: El) => void): void {
  for (const e of elements) {
    visit(e);
    if (Array.isArray(e.items)) walk(e.items as El[], visit);
  }
}

const unescapeMarkdown = (text: string) => text.replace(/\\(.)/g, '$1');

/** Every Table of the card as rows of cell texts (header row first). */
export function cardTables(card: El): string[][][] {
  const tables: string[][][] = [];
  walk(card.body as El[], (e) => {
    if (e.type !== 'Table') return;
    const rows = e.rows as { cells: { items: { text: string }[] }[] }[];
    tables.push(rows.map((r) => r.cells.map((c) => unescapeMarkdown(c.items.map((i) => i.text).join(' ')))));
  });
  return tables;
}

/** Every TextBlock text outside tables, in order. */
export function cardTexts(card: El): string[] {
  const texts: string[] = [];
  walk(card.body as El[], (e) => {
    if (e.type === 'TextBlock') texts.push(String(e.text));
  });
  return texts;
}

/** The submit buttons (those behind a confirmation card too), with their data. */
export function cardSubmits(card: El): { title: string; data: { licbot: string; value: string } }[] {
  const out: { title: string; data: { licbot: string; value: string } }[] = [];
  for (const a of (card.actions ?? []) as El[]) {
    if (a.type === 'Action.Submit') out.push(a as never);
    if (a.type === 'Action.ShowCard') out.push(...cardSubmits(a.card as El));
  }
  return out;
}
