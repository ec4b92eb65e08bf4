import { AC_PREFIX_LENGTH, codePoints, normalizeActivationCode } from './license.js';

/**
 * Two activation codes can share their first five characters. To tell them apart, licenses
 * created from now on also keep a longer prefix (the hint): at most 10 characters and never
 * more than half the code, so the stored part never gives the code away and the keyed hash
 * stays the only way to match one. A label shows only as many of those characters as it
 * takes; licenses stored before hints existed (or codes too short to keep one) get a
 * number instead: `AB12C…#2`, numbered by creation, so the same license keeps its number.
 */
export const AC_HINT_MAX = 10;

/** The stored hint of a code; null when it would add nothing to the 5-character prefix. */
export function activationCodeHint(code: string): string | null {
  const normalized = normalizeActivationCode(code);
  const length = Math.min(AC_HINT_MAX, Math.floor([...normalized].length / 2));
  return length > AC_PREFIX_LENGTH ? codePoints(normalized, length) : null;
}

export interface CodeOfLicense {
  licenseId: number;
  acPrefix: string;
  acHint: string | null;
}

/** Labels (`AB12C7…`, `AB12C…#2`) for licenses whose prefixes collide; others are absent. */
export function distinctCodeLabels(licenses: readonly CodeOfLicense[]): Map<number, string> {
  const groups = new Map<string, CodeOfLicense[]>();
  for (const l of licenses) groups.set(l.acPrefix, [...(groups.get(l.acPrefix) ?? []), l]);
  const labels = new Map<number, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const byAge = [...group].sort((a, b) => a.licenseId - b.licenseId);
    for (const l of byAge) {
      const hint = l.acHint ?? l.acPrefix;
      const others = byAge.filter((o) => o !== l).map((o) => o.acHint ?? o.acPrefix);
      const hintLength = [...hint].length;
      let length = AC_PREFIX_LENGTH;
      while (length < hintLength && others.some((o) => o.startsWith(codePoints(hint, length)))) length += 1;
      const shown = codePoints(hint, length);
      labels.set(
        l.licenseId,
        others.some((o) => o.startsWith(shown)) ? `${l.acPrefix}…#${byAge.indexOf(l) + 1}` : `${shown}…`,
      );
    }
  }
  return labels;
}
