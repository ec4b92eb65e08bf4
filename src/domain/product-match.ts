/** The result of matching what someone typed against the account's product names. */
export type ProductMatch =
  | { kind: 'exact'; name: string }
  | { kind: 'ambiguous'; candidates: string[]; choices: string[] }
  | { kind: 'unknown'; choices: string[] };

/**
 * Product names match case-insensitively and by unique prefix (`elum` → ElumTools). A full
 * name wins over longer names it prefixes, so "Toolbox" still works beside "Toolbox Pro".
 * `names` is in catalogue order; `choices` keeps that order for the error message.
 */
export function matchProduct(input: string, names: readonly string[]): ProductMatch {
  const wanted = input.trim().toLowerCase();
  const choices = [...names];
  if (wanted === '') return { kind: 'unknown', choices };
  const exact = names.find((n) => n.toLowerCase() === wanted);
  if (exact !== undefined) return { kind: 'exact', name: exact };
  const candidates = names.filter((n) => n.toLowerCase().startsWith(wanted));
  if (candidates.length === 1) return { kind: 'exact', name: candidates[0]! };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates, choices };
  return { kind: 'unknown', choices };
}
