/**
 * How exceljs's streaming reader is fed (src/main/import/readers/xlsx-restream.ts). Fed a file as
 * it is, exceljs drops the parts at the end of the zip whenever it falls behind the unzipper, and
 * copies every sheet stored before the shared strings to a temporary file. These tests read real
 * workbooks while the reader (or the disk) is held back until the unzipper has taken the whole zip,
 * and count what reaches the disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Worker as WorkerThread } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { xlsxSource, type ReadingThread } from '../../src/main/import/readers/xlsx';
import { restreamedWorkbook } from '../../src/main/import/readers/xlsx-restream';
import { zipEntries } from '../../src/main/import/readers/xlsx-directory';
import { tempDir } from '../helpers';
import { fixture } from './import-support';

/**
 * No sleeps: the tests learn what the reader is doing from the reader itself.
 *
 * - The reading threads: every Worker the reader starts is a TrackedWorker (node:worker_threads is
 *   mocked with a subclass that records each thread, what it sends and its 'exit').
 * - Where unzipper is: its parser's 'finish' (it has taken the whole zip, the moment exceljs 4.4 used
 *   to stop early at) is reported, on the main thread by a call, from a reading thread by a message
 *   on that thread's own port (so it arrives in order with the rows; the TrackedWorker keeps it from
 *   the reader). The reading thread gets exceljs through a shim that installs this report, by way of
 *   node:module's createRequire, which xlsx-worker.ts asks where exceljs is.
 */
const FINISHED_HOOK = Symbol.for('stepwise.test.parserFinished');
const hooks = vi.hoisted(() => ({
  parserFinished: 'stepwise-test:parser-finished',
  exceljsShim: '',
  threads: [] as (WorkerThread & { log: string[]; exited: boolean })[],
  onParserFinished: null as (() => void) | null,
}));

vi.mock('node:worker_threads', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:worker_threads')>();
  class TrackedWorker extends actual.Worker {
    log: string[] = [];
    exited = false;
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args);
      hooks.threads.push(this);
      this.once('exit', () => {
        this.exited = true;
        this.log.push('exit');
      });
    }
    override emit(event: string | symbol, ...args: unknown[]): boolean {
      if (event === 'message') {
        const m = args[0] as { type?: string; name?: string };
        if (m?.type === hooks.parserFinished) {
          this.log.push('parser finished');
          hooks.onParserFinished?.();
          return true;
        }
        this.log.push(m?.type === 'sheet' ? `sheet ${m.name}` : String(m?.type));
      }
      return super.emit(event, ...args);
    }
  }
  return { ...actual, default: { ...actual, Worker: TrackedWorker }, Worker: TrackedWorker };
});

vi.mock('node:module', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:module')>();
  const createRequire = (from: string | URL) => {
    const real = actual.createRequire(from);
    const resolve = Object.assign((id: string, options?: { paths?: string[] }) => (id === 'exceljs' && hooks.exceljsShim ? hooks.exceljsShim : real.resolve(id, options)), {
      paths: real.resolve.paths,
    });
    return Object.assign((id: string) => real(id), real, { resolve });
  };
  return { ...actual, default: { ...actual, createRequire }, createRequire };
});

// This file's own createRequire is the real one (the mock above is for xlsx-worker.ts).
const { createRequire } = await vi.importActual<typeof import('node:module')>('node:module');
const EXCELJS = createRequire(import.meta.url).resolve('exceljs');
hooks.exceljsShim = path.join(tempDir(), 'exceljs-with-parser-report.cjs');
fs.writeFileSync(
  hooks.exceljsShim,
  `const path = require('node:path');
const { isMainThread, parentPort } = require('node:worker_threads');
const exceljs = ${JSON.stringify(EXCELJS)};
const Parse = require(require.resolve('unzipper/lib/parse', { paths: [path.dirname(exceljs)] }));
if (!Parse.prototype.stepwiseTestEmit) {
  const emit = (Parse.prototype.stepwiseTestEmit = Parse.prototype.emit);
  Parse.prototype.emit = function (event, ...args) {
    if (event === 'finish') {
      if (isMainThread) globalThis[Symbol.for('stepwise.test.parserFinished')]?.();
      else parentPort.postMessage({ type: ${JSON.stringify(hooks.parserFinished)} });
    }
    return emit.call(this, event, ...args);
  };
}
module.exports = require(exceljs);
`,
);
// The main thread's exceljs is the same module as the shim's: reading on the main thread reports too.
createRequire(import.meta.url)(hooks.exceljsShim);

/** Resolves at the next 'finish' of an unzipper parser, on the main thread or in a reading thread. */
function nextParserFinish(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      delete (globalThis as Record<symbol, unknown>)[FINISHED_HOOK];
      hooks.onParserFinished = null;
      resolve();
    };
    (globalThis as Record<symbol, unknown>)[FINISHED_HOOK] = done;
    hooks.onParserFinished = done;
  });
}

afterEach(async () => {
  vi.restoreAllMocks();
  hooks.onParserFinished = null;
  delete (globalThis as Record<symbol, unknown>)[FINISHED_HOOK];
  // A thread a failing test left behind must not keep this file's process up.
  await Promise.all(hooks.threads.filter((t) => !t.exited).map((t) => t.terminate()));
  hooks.threads.length = 0;
});
afterAll(() => {
  const Parse = createRequire(EXCELJS)('unzipper/lib/parse') as { prototype: Record<string, unknown> };
  if (Parse.prototype.stepwiseTestEmit) {
    Parse.prototype.emit = Parse.prototype.stepwiseTestEmit;
    delete Parse.prototype.stepwiseTestEmit;
  }
});

/** As exceljs's own writer stores it: worksheets first, shared strings and the workbook last. */
async function template(students: number): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const s = wb.addWorksheet('Students');
  s.addRow(['Student ID', 'First name', 'Last name', 'Graduation year']);
  for (let i = 1; i <= students; i++) s.addRow([`S${i}`, `First${i}`, `Last${i}`, 2027]);
  const e = wb.addWorksheet('Exams');
  e.addRow(['Student ID', 'Exam', 'Date', 'Result']);
  e.addRow(['S1', 'Step 1', new Date(Date.UTC(2025, 4, 2)), 'Pass']);
  e.addRow(['S2', 'Step 1', new Date(Date.UTC(2025, 4, 3)), 'Fail']);
  const p = wb.addWorksheet('Practice');
  p.addRow(['Student ID', 'Exam', 'Form', 'Date', 'Score']);
  p.addRow(['S1', 'NBME', '30', new Date(Date.UTC(2026, 0, 5)), 231]);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

/** Every sheet with its rows' first cells; `hold` runs before each row is taken, and may keep the reader waiting. */
async function readAll(bytes: Uint8Array, thread: ReadingThread, hold?: (sheet: string, row: number) => Promise<void> | void): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for await (const sheet of xlsxSource(bytes, thread).sheets()) {
    const firsts: string[] = (out[sheet.name] = []);
    for await (const row of sheet.rows) {
      await hold?.(sheet.name, row.number);
      firsts.push(String(row.cell(1)));
    }
  }
  return out;
}

describe('reading an .xlsx through exceljs', () => {
  it('re-packs the parts exceljs reads with the workbook and shared strings first, their stored bytes unchanged', async () => {
    const bytes = await template(3);
    const original = zipEntries(Buffer.from(bytes));
    expect(original.map((e) => e.name).indexOf('xl/worksheets/sheet1.xml')).toBeLessThan(original.map((e) => e.name).indexOf('xl/sharedStrings.xml'));
    const repacked = restreamedWorkbook(bytes)!;
    expect(repacked.sheets).toBe(3);
    const entries = zipEntries(repacked.bytes);
    expect(entries.map((e) => e.name)).toEqual(['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml']);
    for (const e of entries) expect(e).toMatchObject({ crc: original.find((o) => o.name === e.name)!.crc, size: original.find((o) => o.name === e.name)!.size });
    // A program no one here wrote reads the re-packed zip, every part's checksum verified.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(repacked.bytes as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => [w.name, w.rowCount])).toEqual([
      ['Students', 4],
      ['Exams', 3],
      ['Practice', 2],
    ]);
  });

  it('gives a workbook of inline strings (openpyxl) an empty shared-strings table rather than none', () => {
    const bytes = fixture('openpyxl-template.xlsx');
    expect(zipEntries(Buffer.from(bytes)).some((e) => e.name === 'xl/sharedStrings.xml')).toBe(false);
    const entries = zipEntries(restreamedWorkbook(bytes)!.bytes);
    expect(entries.slice(0, 3).map((e) => e.name)).toEqual(['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/sharedStrings.xml']);
    expect(entries.filter((e) => e.name.startsWith('xl/worksheets/')).length).toBe(4);
  });

  it('leaves a file it cannot re-pack (no workbook part, not a zip) to exceljs as it is', () => {
    expect(restreamedWorkbook(Buffer.from('Student ID,Name\n1,Ana\n'))).toBeNull();
    const zipWithoutWorkbook = restreamedWorkbook(fixture('openpyxl-template.xlsx').subarray(0, 2000));
    expect(zipWithoutWorkbook).toBeNull();
  });

  // The reader stops at the first row of the large sheet until unzipper has taken the whole zip: the
  // moment exceljs 4.4 announced its end and dropped the parts still queued (the small sheets after
  // the large one, the shared strings). On the main thread the rest of a 400-student zip fits in the
  // streams' buffers, so the parser gets there while the reader waits. A reading thread sends four
  // batches of 1,000 rows ahead of the reader (WINDOW and BATCH in xlsx-worker.ts), and the reader has
  // acknowledged the sheet and the first batch when it takes row 1: with 5,000 students (5,001 rows)
  // the thread's exceljs has read the whole sheet and waits to send its last row, not yet asking for
  // the next part, when the parser finishes. The log checks that this is where it was.
  for (const [thread, students] of [
    ['main', 400],
    ['worker', 5000],
  ] as const) {
    it(`hands over every sheet, the small ones after a large one included, when the reader falls behind the unzipper (${thread} thread)`, async () => {
      const bytes = await template(students);
      const fast = await readAll(bytes, thread);
      expect(Object.keys(fast)).toEqual(['Students', 'Exams', 'Practice']);
      expect(fast.Students).toHaveLength(students + 1);
      expect(fast.Exams).toEqual(['Student ID', 'S1', 'S2']);
      expect(fast.Practice).toEqual(['Student ID', 'S1']);

      hooks.threads.length = 0;
      const finished = nextParserFinish();
      let waited = false;
      const behind = await readAll(bytes, thread, async (sheet, row) => {
        if (sheet !== 'Students' || row !== 1) return;
        await finished;
        waited = true;
      });
      expect(waited).toBe(true);
      expect(behind).toEqual(fast);
      if (thread === 'worker') {
        const [reading] = hooks.threads;
        expect(hooks.threads).toHaveLength(1);
        const finishedAt = reading.log.indexOf('parser finished');
        expect(finishedAt).toBeGreaterThan(reading.log.indexOf('sheet Students'));
        expect(finishedAt).toBeLessThan(reading.log.indexOf('sheet Exams'));
      }
    });
  }

  it('ends the reading thread when the reader stops in the middle of the first sheet', async () => {
    const bytes = await template(50);
    hooks.threads.length = 0;
    const sheets = xlsxSource(bytes, 'worker').sheets()[Symbol.asyncIterator]();
    const first = await sheets.next();
    expect(first.done).toBe(false);
    expect(hooks.threads).toHaveLength(1);
    const [reading] = hooks.threads;
    expect(reading.exited).toBe(false);
    for await (const row of first.value!.rows) if (row.number >= 2) break;
    expect(reading.exited).toBe(false);
    // return() resolves once the thread is gone (terminate() waits for its 'exit'): nothing to wait for after it.
    await sheets.return!(undefined);
    expect(reading.exited).toBe(true);
    expect(hooks.threads).toHaveLength(1);
  });

  it('reads every sheet of a file written by openpyxl while the disk is slow, never copying the roster to a temporary file', async () => {
    // exceljs alone copies these sheets to temporary files; when the disk answers only after the
    // unzipper has taken the whole zip, exceljs then drops the sheets still queued (here: all but one).
    // The disk here is that slow, exactly: a temporary file opens once the parser has finished.
    const opened: string[] = [];
    const finished = nextParserFinish();
    const open = fs.open;
    vi.spyOn(fs, 'open').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      opened.push(String(file));
      const go = () => (open as (...a: unknown[]) => void)(file, ...rest);
      if (String(file).startsWith(os.tmpdir())) void finished.then(go);
      else go();
    }) as typeof fs.open);
    const sheets = await readAll(fixture('openpyxl-template.xlsx'), 'main');
    expect(Object.keys(sheets)).toEqual(['Instructions', 'Students', 'Exams', 'Practice']);
    expect(sheets.Students).toEqual(['Student ID*', 'S1001', 'S1002', 'S1003']);
    expect(sheets.Practice.length).toBe(4);
    // exceljs's temporary files are the `tmp` package's: tmp-<pid>-<random> in the temporary folder.
    expect(opened.filter((f) => path.basename(f).startsWith(`tmp-${process.pid}-`))).toEqual([]);
  });
});
