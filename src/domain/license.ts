/** License types of the vendor portal. HWK (hardware key) licenses report no usage at all. */
export const LICENSE_TYPES = ['SUL', 'MUL', 'HWK'] as const;
export type LicenseType = (typeof LICENSE_TYPES)[number];

/** The modes an `access` event can report (docs/numbers.md, Usage counters). */
export const ACCESS_MODES = ['full', 'limited', 'declined', 'take', 'take_denied', 'checkout'] as const;
export type AccessMode = (typeof ACCESS_MODES)[number];

/** The default product catalogue, in catalogue order (sorting of condensed views uses it). */
export const CATALOGUE = ['AGi32', 'Toolbox', 'Photometric Power Tools', 'ElumTools', 'Licaso'] as const;

/** Only this many leading characters of an activation code are ever shown, exported or logged. */
export const AC_PREFIX_LENGTH = 5;

/** Activation codes are compared without surrounding blanks and case. */
export function normalizeActivationCode(code: string): string {
  return code.trim().toUpperCase();
}

/** The first characters of a code, counted in code points so that none is cut in half. */
export function activationCodePrefix(code: string): string {
  return codePoints(normalizeActivationCode(code), AC_PREFIX_LENGTH);
}

/** The first `length` code points of `text`: a UTF-16 slice could split an emoji into a lone surrogate. */
export function codePoints(text: string, length: number): string {
  return [...text].slice(0, length).join('');
}

/** How an AC is shown to people: its prefix and an ellipsis, e.g. `AB12C…`. */
export function displayActivationCode(prefix: string): string {
  return `${prefix}…`;
}

/** Which modes each license type accepts; anything else is rejected at the event API. */
export const MODES_BY_TYPE: Record<LicenseType, readonly AccessMode[]> = {
  SUL: ['full', 'limited', 'declined', 'take', 'take_denied'],
  MUL: ['full', 'limited', 'declined', 'checkout'],
  HWK: [],
};

export function modeAllowed(type: LicenseType, mode: AccessMode): boolean {
  return MODES_BY_TYPE[type].includes(mode);
}
