/**
 * Reads an .xlsx with exceljs's streaming reader: rows arrive as the zip inflates, and nothing but
 * the shared-strings table is held for the whole file. Cells come back as exceljs gives them and
 * are reduced to CellValue here: formulas give their cached result, rich text is concatenated,
 * hyperlinks give their text, errors stay errors.
 */
import { loadExcelJS } from '../../exceljs';
import type { CellValue } from '../values';
import { styledValue, styleTable, toCellValue, type NumberStyle } from './excel-values';
import type { SourceFile, SourceRow, SourceSheet } from './source';
import { inspectZip, workbookDirectory, type WorkbookDirectory, type ZipInspection } from './xlsx-directory';
import { restreamedWorkbook, workbookStream } from './xlsx-restream';
import { WorkerUnavailableError, workerSheets } from './xlsx-worker';
import { workbookCellFormats, type CellFormats } from './xlsx-formats';

/** The parts of exceljs's streaming reader this module uses; its published types omit them. */
interface StreamedCell {
  value: unknown;
  /** What styleTable gave for the cell's style index (an empty object when it has none). */
  style?: NumberStyle;
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
  styles: unknown;
  model?: { sheets?: { name: string }[]; properties?: { date1904?: boolean } };
  [Symbol.asyncIterator](): AsyncIterator<StreamedWorksheet>;
}

class XlsxRow implements SourceRow {
  constructor(
    private readonly row: StreamedRow,
    private readonly date1904: boolean,
  ) {}
  get number(): number {
    return this.row.number;
  }
  get width(): number {
    return this.row.cellCount;
  }
  cell(column: number): CellValue {
    const c = this.row.findCell(column);
    return c === undefined ? null : toCellValue(styledValue(c.value, c.style, this.date1904));
  }
}

/**
 * Which tab a streamed worksheet is. exceljs sets `id` to the sheetId (a number) when it matched the
 * worksheet to the workbook's list, and leaves the part's file number (a string) when it did not.
 */
function entryOf(directory: WorkbookDirectory, ws: { id: number | string }): { name: string; position: number } | null {
  const i = typeof ws.id === 'number' ? directory.sheets.findIndex((s) => s.sheetId === ws.id) : directory.sheets.findIndex((s) => s.fileNumber === Number(ws.id));
  return i < 0 ? null : { name: directory.sheets[i].name, position: i };
}

async function* rowsOf(ws: StreamedWorksheet, date1904: boolean): AsyncGenerator<SourceRow> {
  for await (const row of ws) yield new XlsxRow(row, date1904);
}

/** Where exceljs parses: a worker thread pays off from a few thousand rows (its start costs ~0.1 s). */
export type ReadingThread = 'worker' | 'main';
const WORKER_FROM_BYTES = 512 * 1024;

async function* mainThreadSheets(bytes: Uint8Array, formats: CellFormats, date1904: boolean): AsyncGenerator<{ id: number | string; name: string; rows: AsyncIterable<SourceRow> }> {
  const ExcelJS = await loadExcelJS();
  const input = workbookStream(bytes);
  // exceljs's own styles are not parsed (a full style model per cell style, costly on every cell):
  // each cell's style index looks up only what its number format means (xlsx-formats.ts).
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache',
    styles: 'ignore',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  }) as unknown as StreamedWorkbook;
  reader.styles = styleTable(formats);
  try {
    for await (const ws of reader) {
      let started = false;
      yield {
        id: ws.id,
        name: ws.name,
        rows: (async function* () {
          started = true;
          yield* rowsOf(ws, date1904);
        })(),
      };
      // A file that could not be re-packed may have its sheets in temporary files, which exceljs
      // deletes as soon as the next sheet is asked for, whether or not the sheet's read stream has
      // opened its file yet: a sheet nobody read is read through here first, or that open can fail
      // (ENOENT) with nobody listening, which takes the process down.
      if (!started) for await (const row of ws) void row;
    }
  } finally {
    input.destroy();
  }
}

async function* anyThreadSheets(original: Uint8Array, thread: ReadingThread, date1904: boolean, signal?: AbortSignal) {
  // Read from the file itself: the re-packed copy holds only the parts exceljs parses.
  const formats = workbookCellFormats(original);
  const bytes = restreamedWorkbook(original)?.bytes ?? original;
  if (thread === 'main') return yield* mainThreadSheets(bytes, formats, date1904);
  const sheets = workerSheets(bytes, formats, date1904, signal);
  let first;
  try {
    first = await sheets.next();
  } catch (err) {
    if (!(err instanceof WorkerUnavailableError)) throw err;
    return yield* mainThreadSheets(bytes, formats, date1904);
  }
  if (first.done) return;
  try {
    yield first.value;
    yield* sheets;
  } finally {
    // A reader that stops during the first sheet returns from the `yield` above, not from `yield*`:
    // the worker's generator must still be ended, or its thread lives on and keeps the process up.
    await sheets.return(undefined);
  }
}

export function xlsxSource(bytes: Uint8Array, thread: ReadingThread = bytes.byteLength >= WORKER_FROM_BYTES ? 'worker' : 'main', signal?: AbortSignal): SourceFile {
  const directory = workbookDirectory(bytes);
  let inspection: Promise<ZipInspection> | null = null;
  const inspect = () => (inspection ??= inspectZip(bytes).catch((err: unknown) => ({ rows: 0, damage: `it cannot be checked (${(err as Error).message})`, hiddenRows: new Map<number, number[]>() })));
  return {
    format: 'xlsx',
    notes: [],
    checkFirst: thread === 'main',
    rowCount: async () => (await inspect()).rows || null,
    damage: async () => (await inspect()).damage,
    hiddenRows: async () => {
      const byName = new Map<string, number[]>();
      for (const [part, rows] of (await inspect()).hiddenRows) {
        const sheet = directory?.sheets.find((s) => s.fileNumber === part);
        if (sheet) byName.set(sheet.name, rows);
      }
      return byName;
    },
    date1904: () => directory?.date1904 ?? false,
    async *sheets(): AsyncGenerator<SourceSheet & { position: number; tabNames: string[] }> {
      const tabNames = directory ? directory.sheets.map((s) => s.name) : [];
      for await (const ws of anyThreadSheets(bytes, thread, directory?.date1904 ?? false, signal)) {
        const entry = directory ? entryOf(directory, ws) : null;
        const name = entry?.name ?? ws.name;
        yield { name, position: entry?.position ?? tabNames.length, tabNames: tabNames.length ? tabNames : [name], rows: ws.rows };
      }
    },
  };
}
