import type { Reply, ReplyButton, ReplyTable } from '../../core/reply.js';
import { plainInline, renderInline } from '../../core/rich-text.js';
import { alignedLines } from '../text/text-table.js';

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks): 50 blocks a
// message, 3,000 characters in a section's text, 150 in a header.
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_HEADER = 150;

export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
  response_type?: 'ephemeral' | 'in_channel';
  replace_original?: boolean;
}

const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** Mentions, channels and emphasis of a reply's text in Slack's mrkdwn (see core/rich-text.ts). */
export function mrkdwn(text: string): string {
  return renderInline(text, {
    // Plain parts carry client data (product names, emails): no <!channel> from them.
    text: (t) => escapeText(t),
    mention: (id) => `<@${id}>`,
    channel: (id) => `<#${id}>`,
    strong: (t) => `*${escapeText(t)}*`,
  });
}

function contextBlock(texts: string[]): Record<string, unknown> {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text: truncate(mrkdwn(text), 3000) })) };
}

/** A table as one or more code-block sections, split on row boundaries to fit the limit. */
/**
 * Table cells and notes carry data that came from license clients (emails, machine names,
 * versions): escape what Slack's mrkdwn would act on, so a machine named "<!channel>" or one
 * containing a code fence cannot ping a channel or break out of the table.
 */
export function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('```', "'''");
}

function tableBlocks(table: ReplyTable): Record<string, unknown>[] {
  const blocks: Record<string, unknown>[] = [];
  if (table.title)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*${escapeText(truncate(table.title, 200))}*` } });
  const lines = (table.rows.length ? alignedLines(table) : ['(none)']).map(escapeText);
  let chunk: string[] = [];
  const flush = () => {
    if (chunk.length)
      blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `\`\`\`${chunk.join('\n')}\`\`\`` } });
    chunk = [];
  };
  for (const line of lines) {
    if ([...chunk, line].join('\n').length + 6 > MAX_SECTION_TEXT) flush();
    chunk.push(line);
  }
  flush();
  const notes = [
    ...(table.moreRows
      ? [`…and ${table.moreRows.toLocaleString('en-US')} more rows. Use the CSV for all of them.`]
      : []),
    ...table.notes,
  ];
  if (notes.length) blocks.push(contextBlock(notes.slice(0, 10)));
  return blocks;
}

function button(b: ReplyButton): Record<string, unknown> {
  return {
    type: 'button',
    action_id: b.actionId,
    text: { type: 'plain_text', text: truncate(b.label, 75) },
    value: b.value,
    ...(b.style ? { style: b.style } : {}),
    ...(b.confirm
      ? {
          confirm: {
            title: { type: 'plain_text', text: truncate(b.confirm.title, 100) },
            text: { type: 'mrkdwn', text: truncate(mrkdwn(b.confirm.text), 300) },
            confirm: { type: 'plain_text', text: truncate(b.confirm.confirm, 30) },
            deny: { type: 'plain_text', text: truncate(b.confirm.deny, 30) },
            ...(b.style === 'danger' ? { style: 'danger' } : {}),
          },
        }
      : {}),
  };
}

/** Plain-text fallback for notifications and clients that show no blocks. */
function fallbackText(reply: Reply): string {
  const parts = [
    reply.title && plainInline(reply.title),
    reply.text && mrkdwn(reply.text),
    ...(reply.notes ?? []).filter((n) => n.level === 'warning').map((n) => `⚠️ ${mrkdwn(n.text)}`),
  ];
  return truncate(parts.filter(Boolean).join('\n') || 'LicBot', 3000);
}

/** The one Reply → Block Kit renderer. */
export function renderSlackMessage(reply: Reply): SlackMessage {
  const blocks: Record<string, unknown>[] = [];
  if (reply.title)
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: truncate(plainInline(reply.title), MAX_HEADER), emoji: true },
    });
  if (reply.text)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn(reply.text), MAX_SECTION_TEXT) } });
  for (const table of reply.tables ?? []) blocks.push(...tableBlocks(table));
  const notes = reply.notes ?? [];
  if (notes.length) {
    // A context block holds at most 10 elements.
    for (let i = 0; i < notes.length; i += 10) {
      blocks.push({
        type: 'context',
        elements: notes.slice(i, i + 10).map((n) => ({
          type: 'mrkdwn',
          text: truncate(`${n.level === 'warning' ? '⚠️' : 'ℹ️'} ${mrkdwn(n.text)}`, 3000),
        })),
      });
    }
  }
  if (reply.buttons?.length) blocks.push({ type: 'actions', elements: reply.buttons.slice(0, 25).map(button) });
  const fitted =
    blocks.length > MAX_BLOCKS
      ? [
          ...blocks.slice(0, MAX_BLOCKS - 1),
          {
            type: 'context',
            elements: [{ type: 'mrkdwn', text: 'Message shortened to fit Slack; use the CSV for everything.' }],
          },
        ]
      : blocks;
  return {
    text: fallbackText(reply),
    blocks: fitted,
    response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
    ...(reply.replaceOriginal ? { replace_original: true } : {}),
  };
}
