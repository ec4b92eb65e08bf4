import type { Readable } from 'node:stream';
import type { NativeChart } from '../reports/charts/native-chart.js';
import type { Table } from '../reports/table.js';

/**
 * A report table (cells already formatted for people, notes under it) plus what a chat
 * reply adds: how many rows were left out, and a marker for some rows.
 */
export interface ReplyTable extends Table {
  /** Rows that exist beyond `rows` (shown as "N more"); the reply should offer the CSV. */
  moreRows?: number;
  /** Rows marked here are rendered with a marker (🟢 for active sessions). */
  marker?: string;
  markedRows?: number[];
}

export interface ReplyNote {
  level: 'info' | 'warning';
  text: string;
}

export interface ReplyButton {
  /** Routed to the action registry in core/actions. */
  actionId: string;
  label: string;
  /** Opaque to platforms; core decodes it when the button is pressed. */
  value: string;
  style?: 'primary' | 'danger';
  confirm?: { title: string; text: string; confirm: string; deny: string };
}

export interface ReplyFile {
  name: string;
  /** Produces the bytes; called once by the platform that uploads it. */
  open(): Readable;
}

/**
 * A chart of the reply: its PNG is one of the reply's files (Slack uploads it, Teams shows
 * it as an image in the card); a platform that draws charts itself may draw `native`
 * instead, leaving the PNG out when the native chart is complete.
 */
export interface ReplyChart {
  /** The name of the PNG among the reply's files. */
  file: string;
  /** The key numbers in words: alt text wherever the picture is shown. */
  alt: string;
  native?: NativeChart;
}

/**
 * Where an answer that comes later (a queued CSV export) goes: each platform's own address.
 * Commands pass it along untouched; only the platform that made it reads it.
 */
export type ReplyTarget =
  | { platform: 'slack' /** The command's or button's response_url. */; responseUrl: string }
  | { platform: 'teams' /** The conversation the command was typed in. */; conversationId: string };

/**
 * The neutral message model every command returns. Each platform has exactly one renderer
 * from Reply to its own format (Block Kit, Adaptive Card, plain text).
 */
export interface Reply {
  title?: string;
  text?: string;
  tables?: ReplyTable[];
  notes?: ReplyNote[];
  buttons?: ReplyButton[];
  files?: ReplyFile[];
  charts?: ReplyChart[];
  /** Private replies go only to the person who typed the command (the default). */
  visibility?: 'private' | 'public';
  /** For button presses: replace the message that held the button. */
  replaceOriginal?: boolean;
}

/** A one-line reason and a hint, for the person who typed the command. */
export function errorReply(message: string, hint?: string): Reply {
  return { text: hint ? `${message}\n${hint}` : message, notes: [], visibility: 'private' };
}
