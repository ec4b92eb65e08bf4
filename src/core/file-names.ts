/** `ElumTools` → `elumtools`, `Photometric Power Tools` → `photometric-power-tools`. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** `licstats-2026-11-28.csv`, or `licstats-elumtools-2026-11-28.csv` for one product. */
export function statsFileName(today: string, productName?: string): string {
  return `licstats-${productName ? `${slug(productName)}-` : ''}${today}.csv`;
}

/** `sessions-condensed-2026-08-28_2026-11-28.csv` (dates of the window, in the account's zone). */
export function sessionsFileName(
  view: 'full' | 'condensed',
  fromDate: string,
  toDate: string,
  productName?: string,
): string {
  return `sessions-${view}-${productName ? `${slug(productName)}-` : ''}${fromDate}_${toDate}.csv`;
}
