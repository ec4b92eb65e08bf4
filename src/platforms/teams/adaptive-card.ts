import type { Reply, ReplyButton, ReplyTable } from '../../core/reply.js';
import { plainInline, renderInline } from '../../core/rich-text.js';

/**
 * Teams refuses a message over about 28 KB (the whole activity). The card gets what is left
 * after the activity's own fields; longer results lose rows until they fit.
 */
export const MAX_CARD_BYTES = 26_000;
/** Adaptive Card tables read badly past this many rows on a phone; the CSV has the rest. */
const MAX_TABLE_ROWS = 100;

type Element = Record<string, unknown>;

export interface TeamsCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Element[];
  actions?: Element[];
  fallbackText: string;
  msteams: { width: 'Full'; entities?: Element[] };
}

/** What Teams does with one button press: a message activity whose `value` is this. */
export interface SubmitData {
  licbot: string;
  value: string;
}

/** Teams markdown treats these as formatting; data from license clients must stay literal. */
function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~[\]<>])/g, '\\$1');
}

/** Mentions, channels and emphasis in Teams' syntax; mentions are collected for the card's entities. */
function teamsText(text: string, mentions: Map<string, Element>): string {
  return renderInline(text, {
    text: (t) => t,
    mention: (id) => {
      const tag = `<at>${id}</at>`;
      mentions.set(id, { type: 'mention', text: tag, mentioned: { id, name: id } });
      return tag;
    },
    channel: (id, name) => (name ? `#${name}` : id),
    strong: (t) => `**${t}**`,
  });
}

const textBlock = (text: string, extra: Element = {}): Element => ({ type: 'TextBlock', text, wrap: true, ...extra });

function tableElements(table: ReplyTable, rowLimit: number, mentions: Map<string, Element>): Element[] {
  const shown = table.rows.slice(0, rowLimit);
  const hidden = table.rows.length - shown.length + (table.moreRows ?? 0);
  const marked = new Set(table.markedRows ?? []);
  const cell = (text: string, bold = false): Element => ({
    type: 'TableCell',
    items: [textBlock(escapeMarkdown(text), bold ? { weight: 'Bolder' } : {})],
  });
  const elements: Element[] = [];
  if (table.title) elements.push(textBlock(escapeMarkdown(table.title), { weight: 'Bolder', spacing: 'Medium' }));
  if (shown.length === 0) elements.push(textBlock('(none)', { isSubtle: true }));
  else
    elements.push({
      type: 'Table',
      gridStyle: 'accent',
      firstRowAsHeaders: true,
      showGridLines: true,
      columns: table.columns.map((c) => ({
        width: 1,
        ...(c.align === 'right' ? { horizontalCellContentAlignment: 'Right' } : {}),
      })),
      rows: [
        { type: 'TableRow', cells: table.columns.map((c) => cell(c.header, true)) },
        ...shown.map((row, i) => ({
          type: 'TableRow',
          cells: row.map((text, j) =>
            cell(j === 0 && marked.has(i) && table.marker ? `${table.marker} ${text}` : text),
          ),
        })),
      ],
    });
  const notes = [
    ...(hidden > 0 ? [`…and ${hidden.toLocaleString('en-US')} more rows. Use the CSV for all of them.`] : []),
    ...table.notes.map((n) => teamsText(escapeMarkdown(n), mentions)),
  ];
  for (const note of notes) elements.push(textBlock(note, { isSubtle: true, size: 'Small', spacing: 'Small' }));
  return elements;
}

function submit(b: ReplyButton, title: string): Element {
  return {
    type: 'Action.Submit',
    title,
    data: { licbot: b.actionId, value: b.value } satisfies SubmitData,
    ...(b.style ? { style: b.style === 'danger' ? 'destructive' : 'positive' } : {}),
  };
}

/** A button with a confirmation opens a small card asking first (cards have no confirm dialog). */
function action(b: ReplyButton, mentions: Map<string, Element>): Element {
  if (!b.confirm) return submit(b, b.label);
  return {
    type: 'Action.ShowCard',
    title: b.label,
    card: {
      type: 'AdaptiveCard',
      body: [textBlock(`**${b.confirm.title}** ${teamsText(b.confirm.text, mentions)}`)],
      actions: [submit(b, b.confirm.confirm)],
    },
  };
}

/** The plain fallback: what notifications and clients without cards show. */
export function teamsFallbackText(reply: Reply): string {
  const parts = [
    reply.title,
    reply.text,
    ...(reply.notes ?? []).filter((n) => n.level === 'warning').map((n) => `⚠️ ${n.text}`),
  ];
  const text =
    parts
      .filter(Boolean)
      .map((p) => plainInline(p as string))
      .join('\n') || 'LicBot';
  return text.length > 1000 ? `${text.slice(0, 999)}…` : text;
}

export interface CardOptions {
  /** Downloads offered as buttons that open LicBot's link (see src/files). */
  links?: { name: string; url: string }[];
  /** Charts shown in the card, served through the same links. */
  images?: { url: string; alt: string }[];
  maxBytes?: number;
}

function build(
  reply: Reply,
  rowLimit: number,
  links: CardOptions['links'] = [],
  images: CardOptions['images'] = [],
): TeamsCard {
  const mentions = new Map<string, Element>();
  const body: Element[] = [];
  if (reply.title) body.push(textBlock(escapeMarkdown(plainInline(reply.title)), { size: 'Large', weight: 'Bolder' }));
  if (reply.text) body.push(textBlock(teamsText(reply.text, mentions)));
  for (const image of images) body.push({ type: 'Image', url: image.url, altText: image.alt, size: 'Stretch' });
  for (const table of reply.tables ?? []) body.push(...tableElements(table, rowLimit, mentions));
  const notes = reply.notes ?? [];
  const warnings = notes.filter((n) => n.level === 'warning');
  if (warnings.length)
    body.push({
      type: 'Container',
      style: 'emphasis',
      spacing: 'Medium',
      items: warnings.map((n) => textBlock(`⚠️ ${teamsText(n.text, mentions)}`)),
    });
  for (const n of notes.filter((n) => n.level === 'info'))
    body.push(textBlock(`ℹ️ ${teamsText(n.text, mentions)}`, { isSubtle: true, size: 'Small' }));
  const actions = [
    ...links.map((l) => ({ type: 'Action.OpenUrl', title: `Download ${l.name}`, url: l.url })),
    ...(reply.buttons ?? []).slice(0, 6).map((b) => action(b, mentions)),
  ];
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    body,
    ...(actions.length ? { actions } : {}),
    fallbackText: teamsFallbackText(reply),
    msteams: { width: 'Full', ...(mentions.size ? { entities: [...mentions.values()] } : {}) },
  };
}

export const cardBytes = (card: TeamsCard) => Buffer.byteLength(JSON.stringify(card), 'utf8');

/**
 * The one Reply → Adaptive Card 1.5 renderer. A card that would be too large keeps the top
 * rows of each table (the most it can, found by halving), and says how many more there are.
 */
export function renderTeamsCard(reply: Reply, options: CardOptions = {}): TeamsCard {
  const { links, images, maxBytes = MAX_CARD_BYTES } = options;
  const longest = Math.max(0, ...(reply.tables ?? []).map((t) => t.rows.length));
  let card = build(reply, Math.min(longest, MAX_TABLE_ROWS), links, images);
  if (cardBytes(card) <= maxBytes) return card;
  let low = 0;
  let high = Math.min(longest, MAX_TABLE_ROWS);
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (cardBytes(build(reply, mid, links, images)) <= maxBytes) low = mid;
    else high = mid - 1;
  }
  card = build(reply, low, links, images);
  if (cardBytes(card) <= maxBytes) return card;
  // Even without rows it does not fit (a huge text): say so rather than have Teams drop it.
  return build(
    { title: reply.title, text: 'This answer is too long for Teams; use the CSV.', buttons: reply.buttons },
    0,
    links,
    images,
  );
}
