/**
 * Writes the committee workbook from its message stream (encode.ts) with exceljs's streaming
 * writer: each table gets a styled header row that stays in view (frozen), column widths, an
 * autofilter over the whole table, and rows committed as they arrive, so a 100,000-student roster
 * never sits in memory as cells. Every style is a shared object (styles.ts).
 *
 * The sheets are created up front in their tab order (Summary, At risk, Roster, By specialty,
 * Sources) but may be filled in any order: a sheet's part of the zip is opened when its first row
 * is committed. The Roster comes first, as its students are evaluated; the sheets that need the
 * whole cohort's results follow. Tab order is the workbook's list of sheets, not the order of the
 * parts inside the zip, so Excel and LibreOffice show the tabs as listed.
 */
import type { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { loadExcelJS } from '../exceljs';
import type { CommitteeReportCounts } from '../../shared/api/reports';
import { CellReader, SHEET_NAMES, type ReportMessage, type SheetName } from './encode';
import { styleFor, wrappedLines } from './styles';
import { RowXmlBook, RowXmlSheet, writeRowsWithExcelJS, type RowPath } from './row-xml';
import { checkpoint } from '../checkpoint';
import { throwIfCancelled, yieldToEventLoop, type WriteControl } from './table';

/** The metadata a workbook carries: never a person's name (de-identified or not, a file travels). */
const AUTHOR = 'Stepwise';

/** Row 1 is the sheet's title, row 2 the table's header; the table's rows start under it. */
export const HEADER_ROW = 2;
/** The title's font is larger than the body's: fewer of its characters fit a column's width. */
const TITLE_CHARS_PER_WIDTH = 0.85;

type Worksheet = ReturnType<ExcelJS.stream.xlsx.WorkbookWriter['addWorksheet']>;

interface OpenSheet {
  sheet: Worksheet;
  width: number;
  /** The table's width in characters (the sum of its columns'). */
  tableWidth: number;
  total: number;
  written: number;
  styles: ReturnType<typeof styleFor>[];
  /** The table's rows written as XML (row-xml.ts); null on exceljs's own path. */
  xml: RowXmlSheet | null;
}

/**
 * `rows`: how table rows are written, 'xml' (the default: row-xml.ts, the same bytes for a fraction
 * of the time) or 'exceljs' (its own Row and Cell objects, the reference the XML path is tested against).
 */
export async function writeWorkbook(messages: Iterable<ReportMessage> | AsyncIterable<ReportMessage>, out: Writable, run: WriteControl & { now?: Date; rows?: RowPath }): Promise<CommitteeReportCounts> {
  const now = run.now ?? new Date();
  // Shared strings: text cells are `t="s"`, the form every spreadsheet program reads as plain text.
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: true });
  workbook.creator = AUTHOR;
  workbook.lastModifiedBy = AUTHOR;
  workbook.created = now;
  workbook.modified = now;
  const xmlBook = (run.rows ?? 'xml') === 'xml' ? new RowXmlBook(workbook, ExcelJS.ValueType) : null;
  const sheets = new Map<SheetName, Worksheet>(
    SHEET_NAMES.map((name) => [
      name,
      workbook.addWorksheet(name, {
        // The title and header rows stay in view on screen, and are printed at the top of every page.
        views: [{ state: 'frozen', xSplit: 0, ySplit: HEADER_ROW, activeCell: `A${HEADER_ROW + 1}` }],
        // Printed by a committee: landscape, as wide as the paper, as many pages down as it takes.
        pageSetup: {
          orientation: 'landscape',
          fitToPage: true,
          fitToWidth: 1,
          fitToHeight: 0,
          printTitlesRow: `1:${HEADER_ROW}`,
          horizontalCentered: false,
          margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.25, footer: 0.25 },
        },
        // Page numbers in the footer: a printed pile of At risk pages can be put back in order.
        headerFooter: { oddFooter: '&L&A&RPage &P of &N', differentFirst: false, differentOddEven: false },
      }),
    ]),
  );
  const headerStyle = styleFor({ header: true });
  const titleStyle = styleFor({ title: true });
  const noteStyle = styleFor({ wrap: true });
  const open = new Map<SheetName, OpenSheet>();
  const cells = new CellReader();
  let counts: CommitteeReportCounts | null = null;

  for await (const m of messages) {
    throwIfCancelled(run);
    switch (m.kind) {
      case 'progress':
        run.progress?.(m.phase, m.done, m.total);
        break;
      case 'sheet': {
        const sheet = sheets.get(m.name)!;
        sheet.columns = m.columns.map((c) => ({ width: c.width }));
        const tableWidth = m.columns.reduce((sum, c) => sum + c.width, 0);
        // The title spans the table (merged) and wraps inside it, so it prints within the page's width.
        const title = sheet.addRow([m.title]);
        title.getCell(1).style = titleStyle;
        title.height = 20 * wrappedLines(m.title, tableWidth * TITLE_CHARS_PER_WIDTH);
        if (m.columns.length > 1) sheet.mergeCells(1, 1, 1, m.columns.length);
        title.commit();
        const header = sheet.addRow(m.columns.map((c) => c.header));
        // Tall enough for the longest wrapped header: neither Excel nor LibreOffice grows a row for a file it did not lay out.
        header.height = 15 * Math.max(2, ...m.columns.map((c) => wrappedLines(c.header, c.width - 1)));
        header.eachCell((cell) => (cell.style = headerStyle));
        header.commit();
        open.set(m.name, { sheet, width: m.columns.length, tableWidth, total: m.total, written: 0, styles: [], xml: xmlBook && new RowXmlSheet(xmlBook, sheet, m.columns.length) });
        run.progress?.(`Writing ${m.name}`, 0, m.total);
        break;
      }
      case 'rows': {
        const s = open.get(m.name)!;
        for (const look of m.newLooks) s.styles.push(styleFor(look));
        cells.take(m);
        if (s.xml) s.xml.write(m, cells, s.styles);
        else writeRowsWithExcelJS(s.sheet, m, cells, s.styles, s.width);
        s.written += m.rows;
        run.progress?.(`Writing ${m.name}`, s.written, s.total);
        // Lets the zip stream drain, progress reach the page, a cancel arrive.
        await yieldToEventLoop();
        await checkpoint('report-writing', run.signal);
        break;
      }
      case 'end': {
        const s = open.get(m.name)!;
        s.sheet.autoFilter = { from: { row: HEADER_ROW, column: 1 }, to: { row: s.written + HEADER_ROW, column: s.width } };
        if (m.notes.length) {
          s.sheet.addRow([]).commit();
          // Each note spans the table and wraps inside it, rather than running off the printed page.
          for (const note of m.notes) {
            const row = s.sheet.addRow([note]);
            row.getCell(1).style = noteStyle;
            row.height = 15 * wrappedLines(note, s.tableWidth);
            if (s.width > 1) s.sheet.mergeCells(row.number, 1, row.number, s.width);
            row.commit();
          }
        }
        s.sheet.commit();
        open.delete(m.name);
        break;
      }
      case 'done':
        counts = m.counts;
        break;
    }
  }
  throwIfCancelled(run);
  if (!counts) throw new Error('The report ended before all of its sheets were made.');
  run.progress?.('Finishing the file', 0, null);
  await workbook.commit();
  // A cancel that arrives while the zip is finished still wins: the caller saves nothing.
  throwIfCancelled(run);
  return counts;
}
