/**
 * The committee workbook as a stream of plain messages: a sheet's columns, then its rows in chunks
 * of finished cells (safe values and a look per cell), then its closing notes. Plain data, so the
 * same stream can be made on the main thread or in a worker thread and posted across
 * (report-worker.ts); `write.ts` turns it into the workbook either way.
 *
 * Every value goes through `toCell` (safe-text.ts) here, before it leaves the thread that read it.
 * A date leaves as its Excel serial number under a date format, which is exactly how a spreadsheet
 * stores a date cell (exceljs writes a Date as the same number), and costs no Date object per cell.
 */
import type { CommitteeReportCounts } from '../../shared/api/reports';
import { toCell } from './safe-text';
import { DATE_FORMAT, LINE_HEIGHT, MAX_ROW_HEIGHT, wrappedLines, type CellLook } from './styles';
import type { Column, TableOptions } from './table';

export const SHEET_NAMES = ['Summary', 'At risk', 'Roster', 'By specialty', 'Outcomes', 'Sources'] as const;
export type SheetName = (typeof SHEET_NAMES)[number];

/** What a finished cell holds: text, a number (dates as Excel serials), a boolean, or nothing. */
export type WireCell = string | number | boolean | null;

/** The report's distinct strings, numbered in the order they were first used (one table for all sheets). */
export class TextTable {
  private readonly index = new Map<string, number>();
  private fresh: string[] = [];
  ref(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.index.size;
      this.index.set(text, i);
      this.fresh.push(text);
    }
    return i;
  }
  /** The strings numbered since the last call. */
  takeNew(): string[] {
    const out = this.fresh;
    this.fresh = [];
    return out;
  }
}

/** The reading side of `TextTable`: takes each chunk's new strings, then reads its cells. */
export class CellReader {
  private readonly texts: string[] = [];
  take(chunk: RowChunk): void {
    for (const t of chunk.newTexts) this.texts.push(t);
  }
  /** Text `index` of the report's text table (taken with its chunk). */
  text(index: number): string {
    return this.texts[index];
  }
  /** Cell k of a chunk already taken. */
  cell(chunk: RowChunk, k: number): WireCell {
    switch (chunk.kinds[k]) {
      case CellKind.Number:
        return chunk.values[k];
      case CellKind.Text:
        return this.texts[chunk.values[k]];
      case CellKind.False:
        return false;
      case CellKind.True:
        return true;
      default:
        return null;
    }
  }
}

export interface SheetStart {
  kind: 'sheet';
  name: SheetName;
  /** The title row above the header: school, report, as-of date, identified or not (printed on every page with the header). */
  title: string;
  columns: { header: string; width: number }[];
  /** Rows the sheet will have, for progress. */
  total: number;
}

/** How a cell's value is held in a row chunk. */
export const CellKind = { Empty: 0, Number: 1, Text: 2, False: 3, True: 4 } as const;

export interface RowChunk {
  kind: 'rows';
  name: SheetName;
  rows: number;
  /** Per cell, row-major (`columns.length` cells per row): what the cell holds. */
  kinds: Uint8Array;
  /** Per cell: the number (dates as Excel serials), or for text the index of its string in the report's text table. */
  values: Float64Array;
  /** Per cell, the index of its look among the looks this sheet has announced so far. */
  looks: Uint8Array;
  /** Looks first used in this chunk, appended to the sheet's list in order. */
  newLooks: CellLook[];
  /**
   * Strings first used in this chunk, appended to the report's text table in order. Each distinct
   * text crosses between threads once: "Passed" or an advisor's name is not copied 100,000 times,
   * and the writer hands exceljs the same string object each time (which hashes it once).
   */
  newTexts: string[];
  /** A height in points per row, or null when every row keeps the default height. */
  heights: number[] | null;
}

export interface SheetEnd {
  kind: 'end';
  name: SheetName;
  /** Lines written under the table, outside its filter range. */
  notes: string[];
}

export interface ProgressMessage {
  kind: 'progress';
  phase: string;
  done: number;
  total: number | null;
}

export interface ReportDone {
  kind: 'done';
  counts: CommitteeReportCounts;
}

export type ReportMessage = SheetStart | RowChunk | SheetEnd | ProgressMessage | ReportDone;

/** Excel's serial day number of an instant (days since 1899-12-30, UTC), as exceljs computes it for a Date cell. */
export function excelSerial(d: Date): number {
  return 25569 + d.getTime() / 86_400_000;
}

function lookKey(look: CellLook): string {
  return `${look.numFmt ?? ''}|${look.wrap ? 'w' : ''}|${look.bold ? 'b' : ''}|${look.severity ?? ''}`;
}

/** Turns one table's rows into row chunks: every value made safe, every cell's look decided. */
export class TableEncoder<R> {
  private readonly lookIndex = new Map<string, number>();
  private newLooks: CellLook[] = [];
  private readonly plain: number[];
  private readonly bySeverity: (Map<string, number> | null)[];
  private readonly dynamic: boolean[];
  /** Per column: its look, every column without a number format wrapping its text (numbers without one wrap harmlessly). */
  private readonly looks: Omit<CellLook, 'severity' | 'header'>[];
  /** Per column: the characters a wrapped line holds (0: a number column, whose cells never wrap). */
  private readonly wrapAt: number[];

  constructor(
    readonly name: SheetName,
    private readonly columns: readonly Column<R>[],
    private readonly texts: TextTable,
    private readonly options: TableOptions,
  ) {
    // Text never runs into the next cell or off the printed page: it wraps in its own column, and
    // its row is made as tall as its longest text needs (see encode).
    this.looks = columns.map((c) => (c.look?.numFmt ? c.look : { ...c.look, wrap: true }));
    this.wrapAt = columns.map((c) => (c.look?.numFmt ? 0 : Math.max(1, c.width - 1)));
    // Per column: the plain look and (for severity columns) one variant per severity, resolved once.
    this.plain = this.looks.map((look) => this.look({ ...look }));
    this.bySeverity = columns.map((c) => (c.severity ? new Map() : null));
    this.dynamic = columns.map((c) => c.format !== undefined || !c.look?.numFmt);
  }

  start(total: number): SheetStart {
    return { kind: 'sheet', name: this.name, title: toCell(this.options.title) as string, columns: this.columns.map((c) => ({ header: toCell(c.header) as string, width: c.width })), total };
  }

  private look(look: CellLook): number {
    const key = lookKey(look);
    let i = this.lookIndex.get(key);
    if (i === undefined) {
      i = this.lookIndex.size;
      if (i > 255) throw new Error(`Sheet ${this.name} needs more than 256 cell looks`);
      this.lookIndex.set(key, i);
      this.newLooks.push(look);
    }
    return i;
  }

  private severityLook(col: number, severity: NonNullable<ReturnType<NonNullable<Column<R>['severity']>>>): number {
    const cache = this.bySeverity[col]!;
    let i = cache.get(severity);
    if (i === undefined) cache.set(severity, (i = this.look({ ...this.looks[col], severity })));
    return i;
  }

  encode(rows: readonly R[]): RowChunk {
    const { columns, texts } = this;
    const n = columns.length;
    const kinds = new Uint8Array(rows.length * n);
    const values = new Float64Array(rows.length * n);
    const looks = new Uint8Array(rows.length * n);
    const { wrapAt } = this;
    let heights: number[] | null = null;
    let k = 0;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      let lines = 1;
      for (let i = 0; i < n; i++, k++) {
        const c = columns[i];
        const v = toCell(c.value(row));
        // An empty cell is left out entirely, not written as a styled blank: a 100,000-row roster is
        // mostly blanks, and each one would cost a style lookup and an XML element.
        if (v === null) continue;
        const sev = this.bySeverity[i] ? c.severity!(row) : null;
        let look = sev ? this.severityLook(i, sev) : this.plain[i];
        if (this.dynamic[i]) {
          const format = c.format?.(row) ?? (v instanceof Date && !c.look?.numFmt ? DATE_FORMAT : undefined);
          if (format) look = this.look({ ...this.looks[i], numFmt: format, ...(sev ? { severity: sev } : {}) });
        }
        if (typeof v === 'string') {
          kinds[k] = CellKind.Text;
          values[k] = texts.ref(v);
          // Most text is shorter than its column: one comparison, no wrapping worked out.
          if (wrapAt[i] > 0 && (v.length > wrapAt[i] || v.includes('\n'))) lines = Math.max(lines, wrappedLines(v, wrapAt[i]));
        } else if (typeof v === 'number') {
          kinds[k] = CellKind.Number;
          values[k] = v;
        } else if (typeof v === 'boolean') {
          kinds[k] = v ? CellKind.True : CellKind.False;
        } else {
          kinds[k] = CellKind.Number;
          values[k] = excelSerial(v);
        }
        looks[k] = look;
      }
      // Neither Excel nor LibreOffice grows a row for wrapped text in a file it did not lay out itself.
      if (lines > 1) (heights ??= new Array<number>(rows.length).fill(0))[r] = Math.min(MAX_ROW_HEIGHT, LINE_HEIGHT * lines);
    }
    const newLooks = this.newLooks;
    this.newLooks = [];
    return { kind: 'rows', name: this.name, rows: rows.length, kinds, values, looks, newLooks, newTexts: texts.takeNew(), heights };
  }

  end(): SheetEnd {
    return { kind: 'end', name: this.name, notes: (this.options.notes ?? []).map((note) => toCell(note) as string) };
  }

  /** The whole table: start, its rows in chunks, end. */
  *table(rows: readonly R[], chunk: number): Generator<SheetStart | RowChunk | SheetEnd> {
    yield this.start(rows.length);
    for (let i = 0; i < rows.length; i += chunk) yield this.encode(rows.slice(i, i + chunk));
    yield this.end();
  }
}
