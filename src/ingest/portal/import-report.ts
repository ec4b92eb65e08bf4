/** Keep at most this many rejection reasons; a huge bad file must not fill the memory. */
const MAX_REASONS = 1000;

/** What an import did, row by row: `imported / skipped (duplicate) / rejected` with reasons. */
export class ImportReport {
  imported = 0;
  skipped = 0;
  rejected = 0;
  readonly reasons: { line: number; reason: string }[] = [];

  reject(line: number, reason: string): void {
    this.rejected++;
    if (this.reasons.length < MAX_REASONS) this.reasons.push({ line, reason });
  }

  /** The summary line, then one line per rejected row in file order. */
  lines(): string[] {
    const sorted = [...this.reasons].sort((a, b) => a.line - b.line);
    const more = this.rejected - sorted.length;
    return [
      `imported ${this.imported} / skipped (duplicate) ${this.skipped} / rejected ${this.rejected}`,
      ...sorted.map((r) => `line ${r.line}: ${r.reason}`),
      ...(more > 0 ? [`… and ${more} more rejected rows`] : []),
    ];
  }
}
