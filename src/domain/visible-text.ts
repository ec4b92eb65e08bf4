/**
 * Characters a terminal acts on instead of showing: C0 controls (ESC starts the sequences
 * that clear the screen or retitle the window, CR and LF fake new rows), DEL, C1 controls
 * (U+009B is a one-byte CSI), line and paragraph separators, and the invisible marks that
 * reorder or hide text (bidi overrides and isolates, zero-width spaces and joiners).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return NAMED[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
}

/**
 * Client data as the CLI's text output shows it: every character above written as an escape
 * (`\x1b`, `\n`, `\u{202e}`) and a backslash doubled, so what is on screen is exactly what is
 * stored and nothing in it can move the cursor or pass for a row. JSON and CSV keep the data.
 */
export function visibleText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(INVISIBLE, escaped);
}
