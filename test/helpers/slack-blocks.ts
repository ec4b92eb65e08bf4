type Block = {
  type: string;
  title?: string;
  chart?: unknown;
  text?: { text: string };
  rows?: Array<Array<{ type: string; text: string }>>;
  column_settings?: Array<{ align?: string; is_wrapped?: boolean }>;
  elements?: Array<{
    type: string;
    text?: string | { text: string };
    action_id?: string;
    value?: string;
    style?: string;
    confirm?: unknown;
  }>;
};

/** A Slack message as LicBot sends it (ack body, response_url body or chat.postMessage). */
export interface SlackMessage {
  text: string;
  response_type?: string;
  replace_original?: boolean;
  blocks: Block[];
  /** Where the table block goes (see the table block's reference), with what follows it. */
  attachments?: { blocks: Block[] }[];
}

/** The top-level blocks, then the attachments' blocks, in the order Slack shows them. */
export function allBlocks(message: SlackMessage): Block[] {
  return [...message.blocks, ...(message.attachments ?? []).flatMap((a) => a.blocks)];
}

/** The native charts (data_visualization blocks) of a message. */
export function chartBlocks(message: SlackMessage) {
  return allBlocks(message).filter((b) => b.type === 'data_visualization');
}

/**
 * Every table in the message, in order, as rows of cells (header first): a `table` block's
 * cells, or a monospace code block split on runs of 2+ spaces.
 */
export function codeTables(message: SlackMessage): string[][][] {
  return allBlocks(message)
    .filter((b) => b.type === 'table' || (b.type === 'section' && b.text?.text.startsWith('```')))
    .map((b) =>
      b.type === 'table' ? (b.rows ?? []).map((row) => row.map((c) => c.text)) : monospaceRows(b.text?.text ?? ''),
    );
}

/** The table blocks of a message. */
export function tableBlocks(message: SlackMessage) {
  return allBlocks(message).filter((b) => b.type === 'table');
}

function monospaceRows(text: string): string[][] {
  return text
    .replace(/^```|```$/g, '')
    .split('\n')
    .filter((line) => !/^[\s-]+$/.test(line))
    .map((line) => line.trim().split(/\s{2,}/));
}

/** The texts of context blocks (notes) and section texts that are not tables. */
export function contextTexts(message: SlackMessage): string[] {
  return allBlocks(message)
    .filter((b) => b.type === 'context')
    .flatMap((b) => (b.elements ?? []).map((e) => (typeof e.text === 'string' ? e.text : (e.text?.text ?? ''))));
}

export function buttons(message: SlackMessage) {
  return allBlocks(message)
    .filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements ?? []);
}
