import type { CellValue } from '../values';

/** One row as the file numbers it (header row 1 in a plain file); cells are read on demand by 1-based column. */
export interface SourceRow {
  readonly number: number;
  /** Highest column number holding a cell. */
  readonly width: number;
  cell(column: number): CellValue;
}

export interface SourceSheet {
  name: string;
  rows: AsyncIterable<SourceRow>;
}

/** A file opened for reading: its sheets in tab order (names known before the rows are read), then each sheet's rows, streamed. */
export interface SourceFile {
  format: 'xlsx' | 'csv' | 'html';
  /** Excel's 1904 date system (old Mac workbooks): serial numbers count from 1904-01-01. */
  date1904(): boolean;
  /** Called once; yields the sheets as the file stores them, each with its name and its position among the tabs. */
  sheets(): AsyncIterable<SourceSheet & { position: number; tabNames: string[] }>;
  /** Problems with the file as a whole (encoding fallbacks and the like), as warnings. */
  notes: string[];
  /** How many rows the file holds (title and header rows included), for progress; null when it cannot be told cheaply. */
  rowCount(): Promise<number | null>;
  /** Rows hidden in the file (by a filter, or by hand), by sheet name, for a warning: they are read like any other. Never rejects. */
  hiddenRows(): Promise<Map<string, number[]>>;
  /** Why the file is damaged (checked while it is read), or null. Never rejects. */
  damage(): Promise<string | null>;
  /**
   * Whether the file is parsed on the main thread. Such a file is checked before it is parsed: a
   * zip that lies about a part's size would otherwise inflate without bound there. A file parsed in
   * a worker is checked meanwhile, the worker's heap being capped.
   */
  checkFirst: boolean;
}

/** Rows a worksheet can hold (Excel's limit): a file with more is not a roster, and would take minutes to refuse row by row. */
export const MAX_SHEET_ROWS = 1_048_576;

/** The file cannot be read at all (wrong format, not a spreadsheet). */
export class UnreadableFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableFileError';
  }
}
