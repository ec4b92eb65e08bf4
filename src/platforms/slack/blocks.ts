import type { Reply, ReplyButton } from '../../core/reply.js';
import { plainInline } from '../../core/rich-text.js';
import { nativeCharts } from './chart-block.js';
import { escapeText, mrkdwn, truncate } from './mrkdwn.js';
import { allTableBlocks, type TableStyle } from './table-layout.js';

export { PHONE_WIDTH, type TableStyle } from './table-layout.js';
export { escapeText, mrkdwn };

// Block Kit limits (https://docs.slack.dev/reference/block-kit/blocks): 50 blocks a
// message, 3,000 characters in a section's text, 150 in a header.
const MAX_BLOCKS = 50;
const MAX_SECTION_TEXT = 3000;
const MAX_HEADER = 150;

type Block = Record<string, unknown>;

export interface SlackMessage {
  text: string;
  blocks: Block[];
  /**
   * The table block and what follows it: the table block's reference (docs.slack.dev, Block
   * Kit → Table block, Usage info) has apps publish a table "in the attachments field",
   * beside top-level blocks or text.
   */
  attachments?: { blocks: Block[] }[];
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

/**
 * The one Reply → Block Kit renderer: title, text, the charts Slack draws itself, the tables,
 * notes and buttons, in that order. From the main table on (when it is a table block), the
 * blocks go into the message's attachment, as the table block's reference asks.
 */
export function renderSlackMessage(reply: Reply, style: TableStyle = 'native'): SlackMessage {
  const blocks: Block[] = [];
  if (reply.title)
    blocks.push({
      type: 'header',
      text: { type: 'plain_text', text: truncate(plainInline(reply.title), MAX_HEADER), emoji: true },
    });
  if (reply.text)
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(mrkdwn(reply.text), MAX_SECTION_TEXT) } });
  // The monospace form is the one Slack cannot refuse: the charts' numbers are in the text.
  if (style === 'native') blocks.push(...nativeCharts(reply).blocks);
  const tables = allTableBlocks(reply.tables ?? [], style);
  const mainAt = tables.mainAt === undefined ? undefined : blocks.length + tables.mainAt;
  blocks.push(...tables.blocks);
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
  const split = mainAt !== undefined && mainAt < fitted.length ? mainAt : fitted.length;
  return {
    text: fallbackText(reply),
    blocks: fitted.slice(0, split),
    ...(split < fitted.length ? { attachments: [{ blocks: fitted.slice(split) }] } : {}),
    response_type: reply.visibility === 'public' ? 'in_channel' : 'ephemeral',
    ...(reply.replaceOriginal ? { replace_original: true } : {}),
  };
}

/** Every block of a message: the top-level ones, then its attachments'. */
export function messageBlocks(message: SlackMessage): Block[] {
  return [...message.blocks, ...(message.attachments ?? []).flatMap((a) => a.blocks)];
}

/**
 * Whether a message holds a block Slack may refuse (a table or a chart), so it has a
 * monospace form to fall back on and goes where Slack's answer can be read.
 */
export function hasTableBlock(message: SlackMessage): boolean {
  return messageBlocks(message).some((b) => b.type === 'table' || b.type === 'data_visualization');
}

/** Slack's answers to a table block it will not take: post the monospace form instead. */
export const TABLE_REFUSALS = new Set(['invalid_blocks', 'invalid_attachments']);
