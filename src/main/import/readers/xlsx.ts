/**
 * Reads an .xlsx with exceljs's streaming reader: rows arrive as the zip inflates, and nothing but
 * the shared-strings table is held for the whole file. Cells come back as exceljs gives them and
 * are reduced to CellValue here: formulas give their cached result, rich text is concatenated,
 * hyperlinks give their text, errors stay errors.
 */
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from '../values';
import type { SourceFile, SourceRow, SourceSheet } from './source';
import { workbookDirectory, type WorkbookDirectory } from './xlsx-directory';

/** The parts of exceljs's streaming reader this module uses; its published types omit them. */
interface StreamedCell {
  value: unknown;
}
interface StreamedRow {
  number: number;
  cellCount: number;
  findCell(column: number): StreamedCell | undefined;
}
interface StreamedWorksheet {
  id: number | string;
  name: string;
  [Symbol.asyncIterator](): AsyncIterator<StreamedRow>;
}
interface StreamedWorkbook {
  model?: { sheets?: { name: string }[]; properties?: { date1904?: boolean } };
  [Symbol.asyncIterator](): AsyncIterator<StreamedWorksheet>;
}

function richTextOf(parts: unknown): string {
  return Array.isArray(parts) ? parts.map((p) => (p && typeof p === 'object' && 'text' in p ? String((p as { text: unknown }).text ?? '') : '')).join('') : '';
}

export const FORMULA_WITHOUT_VALUE = 'a formula with no stored value (an error, 0 or empty)';

/** exceljs cell value → CellValue. */
export function toCellValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isNaN(v) ? { error: '#VALUE!' } : v;
    case 'object':
      break;
    default:
      return String(v);
  }
  if (v instanceof Date) return v;
  const o = v as Record<string, unknown>;
  if ('richText' in o) return richTextOf(o.richText);
  if ('error' in o) return { error: String(o.error) };
  if ('formula' in o || 'sharedFormula' in o) {
    // A formula gives its cached result. exceljs drops a falsy result (an error, which it parses to
    // NaN, or 0, or ""), and files written by scripts carry no result at all: rather than read such a
    // cell as blank without a word, it is treated like an error cell (blank, with a warning).
    if (o.result === undefined || (typeof o.result === 'number' && Number.isNaN(o.result))) return { error: FORMULA_WITHOUT_VALUE };
    if (o.result && typeof o.result === 'object' && 'error' in o.result) return { error: String((o.result as { error: unknown }).error) };
    return toCellValue(o.result);
  }
  if ('text' in o) return typeof o.text === 'string' ? o.text : toCellValue(o.text);
  return null;
}

class XlsxRow implements SourceRow {
  constructor(private readonly row: StreamedRow) {}
  get number(): number {
    return this.row.number;
  }
  get width(): number {
    return this.row.cellCount;
  }
  cell(column: number): CellValue {
    const c = this.row.findCell(column);
    return c === undefined ? null : toCellValue(c.value);
  }
}

/**
 * Which tab a streamed worksheet is. exceljs sets `id` to the sheetId (a number) when it matched the
 * worksheet to the workbook's list, and leaves the part's file number (a string) when it did not.
 */
function entryOf(directory: WorkbookDirectory, ws: StreamedWorksheet): { name: string; position: number } | null {
  const i = typeof ws.id === 'number' ? directory.sheets.findIndex((s) => s.sheetId === ws.id) : directory.sheets.findIndex((s) => s.fileNumber === Number(ws.id));
  return i < 0 ? null : { name: directory.sheets[i].name, position: i };
}

async function* rowsOf(ws: StreamedWorksheet): AsyncGenerator<SourceRow> {
  for await (const row of ws) yield new XlsxRow(row);
}

export function xlsxSource(bytes: Uint8Array): SourceFile {
  const directory = workbookDirectory(bytes);
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Styles are not read: dates are recognised by the column they are in (a number in a date column is an Excel serial), which keeps reading fast.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as StreamedWorkbook;
  return {
    format: 'xlsx',
    notes: [],
    date1904: () => directory?.date1904 ?? reader.model?.properties?.date1904 === true,
    async *sheets(): AsyncGenerator<SourceSheet & { position: number; tabNames: string[] }> {
      for await (const ws of reader) {
        const tabNames = directory ? directory.sheets.map((s) => s.name) : (reader.model?.sheets ?? []).map((s) => s.name);
        const entry = directory ? entryOf(directory, ws) : null;
        const name = entry?.name ?? ws.name;
        const position = entry?.position ?? tabNames.indexOf(name);
        yield { name, position: position < 0 ? tabNames.length : position, tabNames, rows: rowsOf(ws) };
      }
    },
  };
}
