/**
 * Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` (and, in some, a tab or
 * carriage return) as a formula, so text from users (emails, machine names, versions) is
 * prefixed with a single quote there (OWASP "CSV injection"). Numbers are left alone.
 */
export function escapeFormulaCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
