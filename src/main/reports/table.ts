/**
 * One table sheet of the committee workbook, streamed: a styled header row that stays in view
 * (frozen), column widths, an autofilter over the whole table, and rows committed as they are
 * written so a 100,000-student roster never sits in memory as cells. Every value goes through
 * `toCell` (safe-text.ts) and every style is a shared object (styles.ts).
 */
import type ExcelJS from 'exceljs';
import type { Severity } from '../../shared/domain';
import { toCell } from './safe-text';
import { DATE_FORMAT, styleFor, type CellLook } from './styles';

export interface Column<R> {
  header: string;
  /** Width in characters. */
  width: number;
  look?: Omit<CellLook, 'severity' | 'header'>;
  value: (row: R) => unknown;
  /** Fill this column's cell by a severity (e.g. the Risk column). */
  severity?: (row: R) => Severity | 'none' | null;
  /** A number format decided per row, for a column that mixes kinds (the Sources sheet's values). */
  format?: (row: R) => string | undefined;
}

/** What a long write reports and how it is stopped (the handler's progress channel and abort signal). */
export interface WriteControl {
  progress?: (phase: string, done: number, total: number | null) => void;
  signal?: AbortSignal;
}

export class ReportCancelled extends Error {
  constructor() {
    super('The report was cancelled; no file was written.');
    this.name = 'ReportCancelled';
  }
}

/** Rows between yields to the event loop: lets the zip stream drain, progress reach the page, a cancel arrive. */
const BATCH = 1000;

export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

export function throwIfCancelled(control: WriteControl): void {
  if (control.signal?.aborted) throw new ReportCancelled();
}

export interface TableOptions<R = unknown> {
  /** Lines written under the table, outside its filter range (e.g. definitions). */
  notes?: string[];
  /**
   * Text lines a row needs (wrapped messages): its height is set from them, since neither Excel nor
   * LibreOffice reliably grows a row for wrapped text in a file it did not lay out itself.
   */
  lines?: (row: R) => number;
  /** Total rows, when known, for progress. */
  total?: number;
}

/** The column letter(s) of a 1-based column number (1 → A, 27 → AA). */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

export async function writeTable<R>(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly Column<R>[],
  rows: Iterable<R>,
  control: WriteControl,
  options: TableOptions<R> = {},
): Promise<number> {
  const sheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', xSplit: 0, ySplit: 1, activeCell: 'A2' }],
    // Printed by a committee: landscape, as wide as the paper, as many pages down as it takes.
    pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = columns.map((c) => ({ width: c.width }));

  const header = sheet.addRow(columns.map((c) => toCell(c.header)));
  const headerStyle = styleFor({ header: true });
  header.height = 30;
  header.eachCell((cell) => (cell.style = headerStyle));
  header.commit();

  // Per column: the plain look and (for severity columns) one variant per severity, resolved once.
  const plain = columns.map((c) => styleFor({ ...c.look }));
  const bySeverity = columns.map((c) => (c.severity ? (s: Severity | 'none') => styleFor({ ...c.look, severity: s }) : null));

  let written = 0;
  const phase = `Writing ${name}`;
  control.progress?.(phase, 0, options.total ?? null);
  const n = columns.length;
  const dynamic = columns.map((c) => c.format !== undefined || !c.look?.numFmt);
  for (const r of rows) {
    const row = sheet.addRow([]);
    for (let i = 0; i < n; i++) {
      const c = columns[i];
      const v = toCell(c.value(r));
      // An empty cell is left out entirely, not written as a styled blank: a 100,000-row roster is
      // mostly blanks, and each one would cost a style lookup and an XML element.
      if (v === null) continue;
      const sev = bySeverity[i] ? c.severity!(r) : null;
      let style = sev ? bySeverity[i]!(sev) : plain[i];
      if (dynamic[i]) {
        // exceljs remembers a style object's id from its first cell: a date must never share a style with text.
        const format = c.format?.(r) ?? (v instanceof Date && !c.look?.numFmt ? DATE_FORMAT : undefined);
        if (format) style = styleFor({ ...c.look, numFmt: format, ...(sev ? { severity: sev } : {}) });
      }
      const cell = row.getCell(i + 1);
      cell.value = v;
      cell.style = style;
    }
    if (options.lines) {
      const lines = options.lines(r);
      if (lines > 1) row.height = Math.min(409, 15 * lines);
    }
    row.commit();
    written++;
    if (written % BATCH === 0) {
      control.progress?.(phase, written, options.total ?? null);
      await yieldToEventLoop();
      throwIfCancelled(control);
    }
  }
  const lastRow = written + 1;
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: lastRow, column: columns.length } };

  if (options.notes?.length) {
    sheet.addRow([]).commit();
    for (const note of options.notes) sheet.addRow([toCell(note)]).commit();
  }
  control.progress?.(phase, written, options.total ?? written);
  sheet.commit();
  return written;
}
