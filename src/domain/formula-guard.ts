/**
 * The quote LicBot's CSV exports put before a text cell a spreadsheet would run as a formula
 * (OWASP "CSV injection"): csv-stringify's `escape_formulas` adds it to cells starting with
 * = + - @, tab, CR or their full-width forms, and `guardQuoted` to cells that start with
 * quotes and then one of those. So a cell is guarded exactly when it matches `^'+[…]`, and
 * the importers take exactly that one quote off: every exported value imports as it was.
 */
const GUARDED = /^'+[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** A quote more for a text cell like `'=x`, which csv-stringify leaves alone; spreadsheets show it as the value. */
export function guardQuoted(cell: string): string {
  return GUARDED.test(cell) ? `'${cell}` : cell;
}

/** The cell without the export's guard quote; any other leading `'` is data. */
export function unguard(cell: string): string {
  return GUARDED.test(cell) ? cell.slice(1) : cell;
}
