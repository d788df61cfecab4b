/**
 * How exceljs's streaming reader is fed (src/main/import/readers/xlsx-restream.ts). Fed a file as
 * it is, exceljs drops the parts at the end of the zip whenever it falls behind the unzipper, and
 * copies every sheet stored before the shared strings to a temporary file. These tests read real
 * workbooks while the reader is made slow, and count what reaches the disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { xlsxSource, type ReadingThread } from '../../src/main/import/readers/xlsx';
import { restreamedWorkbook } from '../../src/main/import/readers/xlsx-restream';
import { zipEntries } from '../../src/main/import/readers/xlsx-directory';
import { fixture } from './import-support';

afterEach(() => vi.restoreAllMocks());

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

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every sheet with its rows' first cells, waiting `delay` ms before taking each row. */
async function readAll(bytes: Uint8Array, thread: ReadingThread, delay = 0): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for await (const sheet of xlsxSource(bytes, thread).sheets()) {
    const firsts: string[] = (out[sheet.name] = []);
    for await (const row of sheet.rows) {
      if (delay) await pause(delay);
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

  for (const thread of ['main', 'worker'] as const) {
    it(`hands over every sheet, the small ones after a large one included, however slowly rows are taken (${thread} thread)`, async () => {
      const bytes = await template(thread === 'worker' ? 20_000 : 400);
      const fast = await readAll(bytes, thread);
      expect(Object.keys(fast)).toEqual(['Students', 'Exams', 'Practice']);
      // Slow on the large sheet: the unzipper reaches the end of the file long before the small sheets are asked for.
      let n = 0;
      const slowFirst: Record<string, string[]> = {};
      for await (const sheet of xlsxSource(bytes, thread).sheets()) {
        slowFirst[sheet.name] = [];
        for await (const row of sheet.rows) {
          if (sheet.name === 'Students' && n++ % 2000 === 0) await pause(20);
          slowFirst[sheet.name].push(String(row.cell(1)));
        }
      }
      expect(slowFirst).toEqual(fast);
      expect(fast.Exams).toEqual(['Student ID', 'S1', 'S2']);
      expect(fast.Practice).toEqual(['Student ID', 'S1']);
    });
  }

  it('ends the reading thread when the reader stops in the middle of the first sheet', async () => {
    const threads = () => process.getActiveResourcesInfo().filter((r) => r === 'MessagePort').length;
    // An earlier test's thread may still be letting go of its port: counted from a settled start, compared by polling.
    await pause(50);
    const before = threads();
    const sheets = xlsxSource(await template(50), 'worker').sheets()[Symbol.asyncIterator]();
    const first = await sheets.next();
    expect(first.done).toBe(false);
    expect(threads()).toBe(before + 1);
    for await (const row of first.value!.rows) if (row.number >= 2) break;
    await sheets.return!(undefined);
    await expect.poll(threads).toBeLessThanOrEqual(before);
  });

  it('reads every sheet of a file written by openpyxl while the disk is slow, never copying the roster to a temporary file', async () => {
    // exceljs alone copies these sheets to temporary files; on a slow disk the unzipper then
    // reaches the end of the zip first, and exceljs drops the sheets still queued (here: all but one).
    const opened: string[] = [];
    const open = fs.open;
    vi.spyOn(fs, 'open').mockImplementation(((file: fs.PathLike, ...rest: unknown[]) => {
      opened.push(String(file));
      const go = () => (open as (...a: unknown[]) => void)(file, ...rest);
      if (String(file).startsWith(os.tmpdir())) setTimeout(go, 30);
      else go();
    }) as typeof fs.open);
    const sheets = await readAll(fixture('openpyxl-template.xlsx'), 'main', 1);
    expect(Object.keys(sheets)).toEqual(['Instructions', 'Students', 'Exams', 'Practice']);
    expect(sheets.Students).toEqual(['Student ID*', 'S1001', 'S1002', 'S1003']);
    expect(sheets.Practice.length).toBe(4);
    // exceljs's temporary files are the `tmp` package's: tmp-<pid>-<random> in the temporary folder.
    expect(opened.filter((f) => path.basename(f).startsWith(`tmp-${process.pid}-`))).toEqual([]);
  });
});
