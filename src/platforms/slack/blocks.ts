import type { Reply, ReplyButton } from '../../core/reply.js';
import { plainInline } from '../../core/rich-text.js';
import { escapeText, mrkdwn, truncate } from './mrkdwn.js';
import { allTableBlocks, type TableStyle } from './table-layout.js';

export { PHONE_WIDTH, type TableStyle } from './table-layout.js';
export { escapeText, mrkdwn };

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
export function renderSlackMessage(reply: Reply, style: TableStyle = 'native'): SlackMessage {
  const blocks: Record<string, unknown>[] = [];
  if (reply.title)
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: truncate(plainInline(reply.title), MAX_HEADER), emoji: true },
    });
  if (reply.text)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn(reply.text), MAX_SECTION_TEXT) } });
  blocks.push(...allTableBlocks(reply.tables ?? [], style));
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

/** Whether a message holds a table block (and so has a monospace form to fall back on). */
export function hasTableBlock(message: SlackMessage): boolean {
  return message.blocks.some((b) => b.type === 'table');
}

/** Slack's answers to a table block it will not take: post the monospace form instead. */
export const TABLE_REFUSALS = new Set(['invalid_blocks', 'invalid_attachments']);
