/**
 * A platform-neutral table: what a reply shows, before any platform decides how. The text
 * renderer (CLI) draws it aligned; Slack and Teams renderers can take the same value.
 */
export interface TableColumn {
  header: string;
  /** Numbers and durations read best right-aligned. */
  align?: 'left' | 'right';
}

export interface Table {
  title?: string;
  columns: TableColumn[];
  /** Cells already formatted for people (durations as H:MM:SS, n/a, times in the zone). */
  rows: string[][];
  /** Shown under the table: warnings, "N more rows", what the numbers cover. */
  notes: string[];
}

export const left = (header: string): TableColumn => ({ header });
export const right = (header: string): TableColumn => ({ header, align: 'right' });
