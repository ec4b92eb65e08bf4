import { visibleText } from '../../domain/visible-text.js';
import { MultilineUserError } from '../../errors.js';

/** At most this many problems are listed; the rest are counted ("… and M more"). */
export const LISTED_PROBLEMS = 20;

/** One thing wrong with the file: where (line, column when it is one cell) and what to do. */
export interface RowProblem {
  line: number;
  column?: string;
  /** What is wrong and how to fix it, e.g. `"0001-01-01…" is before the year 2000: write …`. */
  message: string;
}

/** One line per problem: a cell's own CR, LF or ESC (quoted in the message) is shown escaped. */
export function problemText(p: RowProblem): string {
  return `line ${p.line}${p.column ? `, ${p.column}` : ''}: ${visibleText(p.message)}`;
}

/** How many rows of one kind (closed / active sessions, licenses) an import stored, updated or skipped. */
export interface KindCounts {
  stored: number;
  updated: number;
  duplicates: number;
}

const none = (): KindCounts => ({ stored: 0, updated: 0, duplicates: 0 });
const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * What an import read and did. An import is all or nothing: with any problem nothing is
 * stored and `refusal()` says which rows to fix; otherwise `lines()` is the summary.
 */
export class ImportReport {
  rowsRead = 0;
  readonly kinds = new Map<string, KindCounts>();
  problemCount = 0;
  /** The first problems in file order; a huge bad file must not fill the memory. */
  readonly problems: RowProblem[] = [];

  constructor(
    /** The file's name (not its path) as the summary shows it. */
    readonly file: string,
    /** How people know the file, e.g. "Session History export (full view)". */
    readonly format: string,
  ) {}

  problem(line: number, column: string | undefined, message: string): void {
    this.problemCount++;
    if (this.problems.length < LISTED_PROBLEMS)
      this.problems.push(column ? { line, column, message } : { line, message });
  }

  count(kind: string, outcome: keyof KindCounts, n = 1): void {
    const counts = this.kinds.get(kind) ?? none();
    counts[outcome] += n;
    this.kinds.set(kind, counts);
  }

  total(outcome: keyof KindCounts): number {
    return [...this.kinds.values()].reduce((n, k) => n + k[outcome], 0);
  }

  /** The summary of a good import: rows read, then stored / updated / duplicates, per kind. */
  lines(): string[] {
    // `3 (2 closed, 1 active)`: the total, then each kind that has some.
    const per = (outcome: keyof KindCounts) => {
      const parts = [...this.kinds].filter(([, k]) => k[outcome] > 0).map(([kind, k]) => `${k[outcome]} ${kind}`);
      return `${this.total(outcome).toLocaleString('en-US')}${parts.length ? ` (${parts.join(', ')})` : ''}`;
    };
    return [
      `Imported ${this.file} (${this.format}): ${plural(this.rowsRead, 'row')} read.`,
      `  stored: ${per('stored')}`,
      `  updated: ${per('updated')}`,
      `  skipped as duplicates: ${per('duplicates')}`,
    ];
  }

  /** The error an import with problems ends with (nothing of it is stored). */
  refusal(): ImportRefused {
    return new ImportRefused(this);
  }

  toJSON() {
    return {
      file: this.file,
      format: this.format,
      rowsRead: this.rowsRead,
      stored: this.total('stored'),
      updated: this.total('updated'),
      duplicates: this.total('duplicates'),
      kinds: Object.fromEntries(this.kinds),
    };
  }
}

/**
 * An import refused because of bad rows: nothing was stored. The message lists the first
 * problems in file order (line, column, what to fix) and how many more there are.
 */
export class ImportRefused extends MultilineUserError {
  override readonly name = 'ImportRefused';
  readonly problems: readonly RowProblem[];
  readonly problemCount: number;

  constructor(report: ImportReport) {
    const listed = [...report.problems].sort((a, b) => a.line - b.line);
    const more = report.problemCount - listed.length;
    super(
      [
        `Nothing imported from ${visibleText(report.file)}: ${plural(report.problemCount, 'problem')} (in ${report.format}).`,
        ...listed.map((p) => `  ${problemText(p)}`),
        ...(more > 0 ? [`  … and ${plural(more, 'more problem')} not listed`] : []),
        'Fix these rows (or remove them) and run the same import again: nothing of this file was stored.',
      ].join('\n'),
    );
    this.problems = listed;
    this.problemCount = report.problemCount;
  }
}
