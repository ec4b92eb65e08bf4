import { renderInline } from '../../core/rich-text.js';

export const truncate = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

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

export function contextBlock(texts: string[]): Record<string, unknown> {
  return { type: 'context', elements: texts.map((text) => ({ type: 'mrkdwn', text: truncate(mrkdwn(text), 3000) })) };
}

/**
 * Table cells and notes carry data that came from license clients (emails, machine names,
 * versions): escape what Slack's mrkdwn would act on, so a machine named "<!channel>" or one
 * containing a code fence cannot ping a channel or break out of the table.
 */
export function escapeText(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('```', "'''");
}
