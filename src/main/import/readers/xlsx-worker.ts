/**
 * The workbook read in a worker thread, so the main thread checks and writes rows while
 * the next ones are parsed: parsing is the larger half of a big import, and the two overlap.
 *
 * The worker's code is plain JavaScript given as text (`eval: true`) and finds exceljs by the path
 * resolved here: it needs no build step and no TypeScript loader, so it runs the same under the
 * CLI, the tests and the bundled desktop app. It sends rows in batches and waits for the main
 * thread to take them (a few batches in flight at most), so memory stays flat however large the file.
 * If the worker cannot start, the file is read on the main thread instead (xlsx.ts).
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { SourceRow, SourceSheet } from './source';
import { DAYS_1904, EPOCH_MS, toCellValue } from './excel-values';
import { DATE_FORMAT, TIME_FORMAT, type CellFormats } from './xlsx-formats';
import { SHEET_PARSER_SOURCE } from './xlsx-sheet-parser';
import type { CellValue } from '../values';

const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
const { Readable } = require('node:stream');
const ExcelJS = require(workerData.exceljs);
const utils = require(workerData.exceljsUtils);
const colCache = require(workerData.exceljsColCache);
${SHEET_PARSER_SOURCE}
let credits = workerData.window;
let wake = null;
parentPort.on('message', (m) => {
  if (m !== 'ack') return;
  credits++;
  if (wake) { const w = wake; wake = null; w(); }
});
async function send(message) {
  while (credits <= 0) await new Promise((resolve) => { wake = resolve; });
  credits--;
  parentPort.postMessage(message);
}
(async () => {
  // As workbookStream (xlsx-restream.ts): the zip parser's early 'end' is dropped; its stream's real end follows.
  const input = Readable.from([Buffer.from(workerData.bytes)]);
  const pipe = input.pipe.bind(input);
  input.pipe = (parser, options) => {
    const emit = parser.emit;
    parser.emit = function (event, ...args) { return event === 'end' && !this.readableEnded ? false : emit.call(this, event, ...args); };
    return pipe(parser, options);
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    sharedStrings: 'cache', styles: 'ignore', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore',
  });
  // As in xlsx.ts (cellStyles): each cell's style index looks up what its number format means.
  const styles = workerData.formats.map((f) => (f === ${DATE_FORMAT} ? { date: true } : f === ${TIME_FORMAT} ? { time: true } : f > 0 ? { pad: f } : undefined));
  const epochMs = ${EPOCH_MS} + (workerData.date1904 ? ${DAYS_1904} * 86400000 : 0);
  // As timeOfDay (excel-values.ts).
  const timeOfDay = (v) => {
    if (!Number.isFinite(v) || v < 0) return v;
    const seconds = Math.round((v % 1) * 86400) % 86400;
    const two = (n) => String(n).padStart(2, '0');
    const hm = two(Math.floor(seconds / 3600)) + ':' + two(Math.floor(seconds / 60) % 60);
    return seconds % 60 ? hm + ':' + two(seconds % 60) : hm;
  };
  // As formattedNumber (excel-values.ts), in the thread's own words.
  const formatted = (v, style) => {
    if (style.date) return new Date(epochMs + Math.round(v * 86400000));
    if (style.time) return timeOfDay(v);
    const text = Number.isInteger(v) && v >= 0 ? String(v) : '';
    return text && text.length < style.pad ? text.padStart(style.pad, '0') : v;
  };
  const valueOf = (v, style) => {
    if (style === undefined || (style.date === undefined && style.time === undefined && style.pad === undefined)) return v;
    if (typeof v === 'number') return formatted(v, style);
    if (v && typeof v === 'object' && typeof v.result === 'number') return { formula: v.formula, result: formatted(v.result, style) };
    return v;
  };
  for await (const ws of reader) {
    await send({ type: 'sheet', id: ws.id, name: ws.name });
    // One flat array per batch: row number, cell count, then the cells (column 1 first); cheap to clone.
    let rows = [];
    let count = 0;
    const full = [];
    // The sheet's XML as exceljs's unzipper inflates it, read by xlsx-sheet-parser.ts rather than exceljs's WorksheetReader.
    const parser = createSheetParser({
      sharedStrings: reader.sharedStrings, styles, utils, colCache,
      onRow(number, width, values, cellStyles) {
        rows.push(number, width);
        for (let i = 0; i < width; i++) { const v = values[i]; rows.push(v === undefined || v === null ? null : valueOf(v, cellStyles[i])); }
        // A batch ends after so many rows or so many cells, whichever comes first: a very wide sheet still arrives row by row.
        if (++count >= workerData.batch || rows.length >= workerData.batch * 32) { full.push(rows); rows = []; count = 0; }
      },
    });
    const decoder = new TextDecoder('utf-8');
    for await (const chunk of ws.iterator) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      for (let i = 0; i < full.length; i++) await send({ type: 'rows', rows: full[i] });
      full.length = 0;
    }
    parser.write(decoder.decode());
    for (let i = 0; i < full.length; i++) await send({ type: 'rows', rows: full[i] });
    if (rows.length) await send({ type: 'rows', rows });
  }
  parentPort.postMessage({ type: 'end' });
})().catch((err) => parentPort.postMessage({ type: 'error', message: String((err && err.message) || err) }));
`;

type Message = { type: 'sheet'; id: number | string; name: string } | { type: 'rows'; rows: unknown[] } | { type: 'end' } | { type: 'error'; message: string };

/** Rows per message, and messages in flight. */
const BATCH = 1000;
const WINDOW = 4;

/** A row inside a batch: `count` cells from `start` (column 1 first). */
class WorkerRow implements SourceRow {
  constructor(
    readonly number: number,
    private readonly batch: unknown[],
    private readonly start: number,
    readonly width: number,
  ) {}
  cell(column: number): CellValue {
    return column >= 1 && column <= this.width ? toCellValue(this.batch[this.start + column - 1]) : null;
  }
}

/** Thrown when the worker could not start: the caller reads on the main thread instead. */
export class WorkerUnavailableError extends Error {}

export interface StreamedSheet extends Omit<SourceSheet, 'name'> {
  /** exceljs's id and name for the worksheet, resolved to a tab by the caller. */
  id: number | string;
  name: string;
}

/** The worksheets of an .xlsx, parsed in a worker; each sheet's rows must be taken (or are skipped) before the next sheet arrives. */
export async function* workerSheets(bytes: Uint8Array, formats: CellFormats, date1904: boolean, signal?: AbortSignal): AsyncGenerator<StreamedSheet> {
  // The worker gets a copy of its own (a Buffer's slice() would be a view of the caller's bytes).
  const copy = new Uint8Array(bytes);
  const require = createRequire(import.meta.url);
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { exceljs: require.resolve('exceljs'), exceljsUtils: require.resolve('exceljs/lib/utils/utils.js'), exceljsColCache: require.resolve('exceljs/lib/utils/col-cache.js'), bytes: copy.buffer, window: WINDOW, batch: BATCH, formats, date1904 },
    transferList: [copy.buffer],
    // Plain JavaScript: none of this process's flags (a TypeScript loader's --import, say), whose hooks would see every file exceljs loads.
    execArgv: [],
    // Parsing creates garbage fast and V8 lets the heap grow with it; what stays alive is the shared-strings table.
    // A cap scaled to the file keeps the whole import under 600 MB at 100,000 students.
    // A young generation of 64 MB (V8 sizes it from the old one's cap, so it would be small): most of what
    // parsing allocates dies young, and fewer, larger scavenges cut the thread's time by about a tenth.
    resourceLimits: { maxOldGenerationSizeMb: Math.max(160, Math.ceil(bytes.byteLength / (1024 * 1024)) * 8), maxYoungGenerationSizeMb: 64 },
  });
  const inbox: Message[] = [];
  let waiting: (() => void) | null = null;
  let failure: Error | null = null;
  let started = false;
  const wakeUp = () => {
    const w = waiting;
    waiting = null;
    w?.();
  };
  worker.on('message', (m: Message) => {
    started = true;
    inbox.push(m);
    wakeUp();
  });
  worker.on('error', (err: Error & { code?: string }) => {
    if (err.code === 'ERR_WORKER_OUT_OF_MEMORY') failure = new Error('reading it takes more memory than any roster needs (a zip bomb?)');
    else failure = started ? err : new WorkerUnavailableError(err.message);
    wakeUp();
  });
  worker.on('exit', (code) => {
    if (code !== 0 && !failure) failure = new Error(`the reading thread stopped (exit code ${code})`);
    wakeUp();
  });
  // Stopped from outside (a cancel, or a damaged file found by the zip check): end the thread and whoever waits on it.
  const stop = () => {
    failure ??= new Error('reading stopped');
    void worker.terminate();
    wakeUp();
  };
  if (signal?.aborted) stop();
  signal?.addEventListener('abort', stop, { once: true });
  const next = async (): Promise<Message> => {
    while (!inbox.length) {
      if (failure) throw failure;
      await new Promise<void>((resolve) => (waiting = resolve));
    }
    return inbox.shift()!;
  };

  try {
    let pending: Message | null = null;
    for (;;) {
      const m = pending ?? (await next());
      pending = null;
      if (m.type === 'end') return;
      if (m.type === 'error') throw new Error(m.message);
      if (m.type === 'rows') {
        // Rows of a sheet nobody read: let the worker go on.
        worker.postMessage('ack');
        continue;
      }
      worker.postMessage('ack');
      let done = false;
      const rows = async function* (): AsyncGenerator<SourceRow> {
        for (;;) {
          const r = await next();
          if (r.type !== 'rows') {
            pending = r;
            done = true;
            return;
          }
          worker.postMessage('ack');
          const batch = r.rows;
          for (let i = 0; i < batch.length; ) {
            const width = batch[i + 1] as number;
            yield new WorkerRow(batch[i] as number, batch, i + 2, width);
            i += 2 + width;
          }
        }
      };
      yield { id: m.id, name: m.name, rows: rows() };
      // The consumer skipped the sheet or stopped early: drain its rows.
      while (!done && !pending) {
        const r = await next();
        if (r.type === 'rows') worker.postMessage('ack');
        else pending = r;
      }
    }
  } finally {
    signal?.removeEventListener('abort', stop);
    await worker.terminate();
  }
}
