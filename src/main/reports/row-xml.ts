/**
 * The committee workbook's table rows, written into exceljs's streaming worksheet as the very XML
 * exceljs 4.4 writes for them, without exceljs's objects per row and per cell.
 *
 * Why: a CPU profile of the 100,000-student report (node --cpu-prof, 2026-12-05) put two thirds of
 * the writing thread's time in exceljs's row path, not in anything the print layout added: a Row
 * and a Cell object per cell, a model object per row and per cell, every attribute pushed as a
 * separate string into an XmlStream and joined, and a hash lookup of every text cell's string in
 * the shared-strings table. Turning wrapping and row heights off saved only 5–7% of the writing
 * CPU, so the regression after the print layout was the extra work landing on a path that was
 * already most of the cost. Here each row is one string built from the chunk's typed arrays:
 *   - a text's shared-string number is looked up once per distinct text (the report's text table
 *     already numbers them), and handed to exceljs's shared strings in first-use order, so the
 *     numbers are the ones exceljs itself would give;
 *   - a look's style id comes from exceljs's own style table (addStyleModel, with the cell type of
 *     its first use, as exceljs calls it), once per look;
 *   - the row and cell attributes are written in exceljs's order (r, ht/customHeight, spans, s,
 *     x14ac:dyDescent; cells r, s, t).
 * `writeRowsWithExcelJS` is exceljs's own path for the same cells, kept as the reference: a test
 * writes workbooks both ways and requires every part of the zip to be byte-identical
 * (test/integration/report-row-xml.test.ts), so an exceljs upgrade that changes its XML fails there.
 */
import type ExcelJS from 'exceljs';
import type { Style } from 'exceljs';
import { CellKind, type CellReader, type RowChunk } from './encode';

type WorkbookWriter = ExcelJS.stream.xlsx.WorkbookWriter;
export type StreamingSheet = ReturnType<WorkbookWriter['addWorksheet']>;

/** exceljs's Row has a `style` at runtime that its type declarations leave out. */
type StyledRow = ExcelJS.Row & { style: object };

/**
 * Every row's own style: one shared object. exceljs gives each new row a fresh `{}` and looks its
 * style up by object identity when the row is written, so 150,000 rows would mean 150,000 misses,
 * each one hashed into the style table.
 */
export const ROW_STYLE: object = Object.freeze({});

/** What a table's rows are written with: this file's XML, or exceljs's own objects (the reference). */
export type RowPath = 'xml' | 'exceljs';

/** The parts of exceljs 4.4's streaming writer the XML path uses (not in its type declarations). */
interface SheetInternals {
  startedData: boolean;
  _rows: unknown[] | null;
  _rowZero: number;
  stream: { write(chunk: string): unknown };
}
interface WorkbookInternals {
  sharedStrings: { add(text: string): number };
  styles: { addStyleModel(style: object, cellType?: number): number };
}

function hasSheetInternals(sheet: object): sheet is SheetInternals {
  const s = sheet as Partial<SheetInternals>;
  return typeof s.startedData === 'boolean' && typeof s._rowZero === 'number' && (s._rows === null || Array.isArray(s._rows)) && typeof s.stream?.write === 'function';
}

function hasWorkbookInternals(workbook: object): workbook is WorkbookInternals {
  const w = workbook as Partial<WorkbookInternals>;
  return typeof w.sharedStrings?.add === 'function' && typeof w.styles?.addStyleModel === 'function';
}

/** "A", "B", … "Z", "AA", …: a column's letters (1-based). */
export function columnLetters(column: number): string {
  let out = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

/**
 * exceljs's shared-strings table with its interface (add, count, values, getString, totalRefs), kept
 * in a Map instead of a plain object. exceljs's object turns every distinct text into a property
 * name, which V8 first copies into its table of internalized strings: with 215,000 distinct texts
 * (each flag message names its dates and scores) that was 8% of the writing thread, in `add` alone.
 * A Map hashes a string once and keeps it as it is. Same numbers, same order, same part in the zip.
 */
export class SharedStringTable {
  private readonly ids = new Map<string, number>();
  private readonly list: string[] = [];
  private refs = 0;
  get count(): number {
    return this.list.length;
  }
  get values(): string[] {
    return this.list;
  }
  get totalRefs(): number {
    return this.refs;
  }
  getString(index: number): string {
    return this.list[index];
  }
  add(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(value, id);
      this.list.push(value);
    }
    this.refs++;
    return id;
  }
}

/** A workbook's shared state for the XML path: shared-string numbers by the report's text index, the row style's id. */
export class RowXmlBook {
  private readonly ssIds: number[] = [];
  private rowStyleId: number | null = null;
  private readonly internals: WorkbookInternals;
  constructor(
    workbook: WorkbookWriter,
    readonly types: { Number: number; String: number; Boolean: number },
  ) {
    if (!hasWorkbookInternals(workbook)) throw new Error('This exceljs streaming writer has no shared strings or style table where exceljs 4.4 keeps them; the report cannot write its rows.');
    // Before any text is added (the first sheet's title row): exceljs's whole table is this one.
    if (workbook.sharedStrings.add.length !== 1 || (workbook.sharedStrings as Partial<SharedStringTable>).count !== 0) throw new Error('The workbook has shared strings already.');
    workbook.sharedStrings = new SharedStringTable();
    this.internals = workbook;
  }
  /** The shared-string number of text `index`, given to exceljs the first time it is used. */
  ssId(index: number, text: string): number {
    let id = this.ssIds[index];
    if (id === undefined) this.ssIds[index] = id = this.internals.sharedStrings.add(text);
    return id;
  }
  styleId(style: object, cellType: number): number {
    return this.internals.styles.addStyleModel(style, cellType);
  }
  rowStyle(): number {
    return (this.rowStyleId ??= this.internals.styles.addStyleModel(ROW_STYLE));
  }
}

/** One sheet's table rows written by the XML path. */
export class RowXmlSheet {
  private readonly letters: string[];
  /** Style id per look index of this sheet (-1: not asked yet). */
  private readonly styleIds: number[] = [];
  private readonly internals: SheetInternals;
  constructor(
    private readonly book: RowXmlBook,
    sheet: StreamingSheet,
    private readonly width: number,
  ) {
    if (!hasSheetInternals(sheet)) throw new Error('This exceljs streaming worksheet does not keep its rows where exceljs 4.4 does; the report cannot write its rows.');
    this.internals = sheet;
    this.letters = Array.from({ length: width }, (_, i) => columnLetters(i + 1));
  }

  private styleId(look: number, style: Partial<Style>, cellType: number): number {
    let id = this.styleIds[look];
    if (id === undefined) this.styleIds[look] = id = this.book.styleId(style, cellType);
    return id;
  }

  /** Writes a chunk's rows after every row written so far; `styles` are the sheet's looks by index. */
  write(m: RowChunk, texts: CellReader, styles: readonly Partial<Style>[]): void {
    const sheet = this.internals;
    // The title and header rows went through exceljs first: its sheet data is open and nothing is pending.
    if (!sheet.startedData || !sheet._rows || sheet._rows.length > 0) throw new Error('The report wrote table rows before the sheet header was committed.');
    const { kinds, values, looks, heights } = m;
    const { letters, width, book } = this;
    const { Number: NUMBER, String: STRING, Boolean: BOOLEAN } = book.types;
    const rowStyle = book.rowStyle();
    const rowStyleAttrs = rowStyle ? ` s="${rowStyle}" customFormat="1"` : '';
    let number = sheet._rowZero;
    let xml = '';
    for (let r = 0, k = 0; r < m.rows; r++, number++) {
      let cells = '';
      let min = 0;
      let max = 0;
      for (let i = 0; i < width; i++, k++) {
        const kind = kinds[k];
        if (kind === CellKind.Empty) continue;
        if (!min) min = i + 1;
        max = i + 1;
        let type: number;
        let tail: string;
        if (kind === CellKind.Text) {
          type = STRING;
          const index = values[k];
          tail = ` t="s"><v>${book.ssId(index, texts.text(index))}</v></c>`;
        } else if (kind === CellKind.Number) {
          type = NUMBER;
          tail = `><v>${values[k]}</v></c>`;
        } else {
          type = BOOLEAN;
          tail = ` t="b"><v>${kind === CellKind.True ? '1' : '0'}</v></c>`;
        }
        const s = this.styleId(looks[k], styles[looks[k]], type);
        cells += `<c r="${letters[i]}${number}"${s ? ` s="${s}"` : ''}${tail}`;
      }
      const height = heights && heights[r] > 0 ? heights[r] : 0;
      // exceljs skips a row with no value and no height (its number is used all the same).
      if (!cells && !height) continue;
      xml += `<row r="${number}"${height ? ` ht="${height}" customHeight="1"` : ''}${min > 0 ? ` spans="${min}:${max}"` : ''}${rowStyleAttrs} x14ac:dyDescent="0.25"${cells ? `>${cells}</row>` : '/>'}`;
    }
    sheet._rowZero = number;
    if (xml) sheet.stream.write(xml);
  }
}

/** exceljs's own path for the same rows: a Row and a Cell per cell (the reference the XML path is tested against). */
export function writeRowsWithExcelJS(sheet: StreamingSheet, m: RowChunk, texts: CellReader, styles: readonly Partial<Style>[], width: number): void {
  const { kinds, heights } = m;
  for (let r = 0, k = 0; r < m.rows; r++) {
    const row = sheet.addRow([]) as StyledRow;
    row.style = ROW_STYLE;
    for (let i = 1; i <= width; i++, k++) {
      if (kinds[k] === CellKind.Empty) continue;
      const cell = row.getCell(i);
      cell.value = texts.cell(m, k);
      cell.style = styles[m.looks[k]];
    }
    if (heights && heights[r] > 0) row.height = heights[r];
    row.commit();
  }
}
