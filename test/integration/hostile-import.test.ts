/**
 * Hostile files through the real `stepwise import` (a child process on Node 22, heap capped): each
 * must end in a clear error — one line per problem, never a stack trace — within bounded time and
 * memory, and leave the database exactly as it was.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { contentHash, demoDatabase, integrityCheck } from './backup-fixtures';
import { columnLetters, headerRow, HEADERS, inlineCell, numberCell, runStepwise, writeXlsx, type CliRun } from './hostile-fixtures';

/** Limits every hostile file must stay within (the import of a real 100,000-student workbook stays under 600 MB). */
const MAX_SECONDS = 60;
const MAX_PEAK_MB = 600;

let dir: string;
let pristine: string;
let before: string;
let dbFile: string;

beforeAll(async () => {
  const t = await demoDatabase(30);
  t.db.close();
  pristine = t.file;
  before = contentHash(pristine);
  dir = tempDir('stepwise-hostile-');
});

// Each file gets its own copy of the same database, so one test's failure cannot hide or cause another's.
beforeEach((context) => {
  dbFile = path.join(dir, `${context.task.id}.db`);
  fs.copyFileSync(pristine, dbFile);
});

afterAll(() => {
  // The generated files run to hundreds of MB: never leave them behind.
  fs.rmSync(dir, { recursive: true, force: true });
});

async function importFile(file: string): Promise<CliRun> {
  return runStepwise(['import', file, '--db', dbFile], { timeoutMs: (MAX_SECONDS + 30) * 1000, heapMb: 1024, env: { STEPWISE_ACTOR: 'hostile-test' } });
}

/** The outcome every hostile file must have. */
function expectRejectedCleanly(r: CliRun, message: RegExp): void {
  process.stderr.write(`[hostile] status ${r.status} in ${(r.ms / 1000).toFixed(1)} s, peak ${r.peakMb.toFixed(0)} MB, ${r.stderr.length} chars of stderr: ${r.stderr.slice(0, 300).replace(/\n/g, ' | ')}\n`);
  expect(r.timedOut, 'finished in time').toBe(false);
  expect(r.signal, 'not killed').toBeNull();
  expect(r.stderr, 'no stack trace').not.toMatch(/^\s+at |Error: |node:internal|FATAL|heap out of memory/m);
  expect(r.status, r.stderr.slice(0, 2000)).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines.length).toBeGreaterThan(0);
  for (const line of lines) expect(line.length, 'each problem is one readable line').toBeLessThan(1000);
  expect(r.stderr).toMatch(message);
  expect(r.ms / 1000, 'seconds').toBeLessThan(MAX_SECONDS);
  expect(r.peakMb, 'peak memory (MB)').toBeLessThan(MAX_PEAK_MB);
  expect(integrityCheck(dbFile)).toBe('ok');
  expect(contentHash(dbFile), 'the database is exactly as before').toBe(before);
}

function row(n: number, cells: string[]): string {
  return `<row r="${n}">${cells.join('')}</row>`;
}

function studentRow(n: number, id: string, first = 'Ann', last = 'Lee', year = 2027): string {
  return row(n, [inlineCell(`A${n}`, id), inlineCell(`B${n}`, first), inlineCell(`C${n}`, last), numberCell(`D${n}`, year)]);
}

describe('stepwise import with hostile files', { timeout: (MAX_SECONDS + 60) * 1000 }, () => {
  it('a file that is not a zip, named .xlsx', async () => {
    const file = path.join(dir, 'random.xlsx');
    fs.writeFileSync(file, crypto.randomBytes(64 * 1024));
    expectRejectedCleanly(await importFile(file), /random\.xlsx.*not a valid \.xlsx/);
  });

  it('a truncated workbook (the download was cut off)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Students');
    ws.addRow(HEADERS);
    for (let i = 0; i < 3000; i++) ws.addRow([`T${i}`, `First${i}`, `Last${i}`, 2027]);
    const whole = Buffer.from(await wb.xlsx.writeBuffer());
    const file = path.join(dir, 'truncated.xlsx');
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expectRejectedCleanly(await importFile(file), /truncated\.xlsx/);
  });

  it('a workbook whose zip directory breaks off after two entries (exceljs alone waits for the rest forever)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Students');
    ws.addRow(HEADERS);
    for (let i = 0; i < 50; i++) ws.addRow([`D${i}`, `First${i}`, `Last${i}`, 2027]);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    // Found by fuzzing: exceljs reads the parts, not the directory, so a file like this one was
    // imported as if whole, and the fuzzed file it stands for (more bits flipped) left exceljs waiting
    // forever: the CLI exited with status 13 saying nothing, and the app would have spun for ever.
    // A directory that breaks off is damage, refused like any other.
    const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    let record = bytes.readUInt32LE(end + 16);
    for (let n = 0; n < 2; n++) record += 46 + bytes.readUInt16LE(record + 28) + bytes.readUInt16LE(record + 30) + bytes.readUInt16LE(record + 32);
    expect(bytes.readUInt32LE(record)).toBe(0x02014b50);
    bytes[record + 1] ^= 0x10;
    const file = path.join(dir, 'broken-directory.xlsx');
    fs.writeFileSync(file, bytes);
    expectRejectedCleanly(await importFile(file), /broken-directory\.xlsx is damaged: its zip directory is damaged \(it lists \d+ parts; 2 can be read\)/);
  });

  it('a zip bomb: a 400 KB workbook whose one cell inflates to 400 MB', async () => {
    const file = path.join(dir, 'bomb-cell.xlsx');
    const mb = 'x'.repeat(1024 * 1024);
    writeXlsx(file, function* () {
      yield headerRow();
      yield `<row r="2">${inlineCell('A2', 'B1')}<c r="B2" t="inlineStr"><is><t>`;
      for (let i = 0; i < 400; i++) yield mb;
      yield `</t></is></c>${inlineCell('C2', 'Lee')}${numberCell('D2', 2027)}</row>`;
    });
    expect(fs.statSync(file).size).toBeLessThan(2 * 1024 * 1024);
    expectRejectedCleanly(await importFile(file), /bomb-cell\.xlsx|too (long|large)/);
  });

  it('a zip bomb: a workbook of a few MB whose sheet inflates to 400 MB of rows', async () => {
    const file = path.join(dir, 'bomb-rows.xlsx');
    writeXlsx(file, function* () {
      yield headerRow();
      const target = 400 * 1024 * 1024;
      let size = 0;
      let n = 2;
      while (size < target) {
        const parts: string[] = [];
        for (let i = 0; i < 20_000; i++, n++) parts.push(studentRow(n, 'B1'));
        const block = parts.join('');
        size += block.length;
        yield block;
      }
    });
    expect(fs.statSync(file).size).toBeLessThan(60 * 1024 * 1024);
    expectRejectedCleanly(await importFile(file), /bomb-rows\.xlsx|too (many|large)/);
  });

  it('a zip bomb that lies: its headers declare a 2 KB sheet that inflates to 400 MB', async () => {
    const file = path.join(dir, 'bomb-liar.xlsx');
    const mb = 'x'.repeat(1024 * 1024);
    writeXlsx(
      file,
      function* () {
        yield headerRow();
        yield `<row r="2">${inlineCell('A2', 'B1')}<c r="B2" t="inlineStr"><is><t>`;
        for (let i = 0; i < 400; i++) yield mb;
        yield `</t></is></c>${inlineCell('C2', 'Lee')}${numberCell('D2', 2027)}</row>`;
      },
      'Students',
      { declaredSheetSize: 2048 },
    );
    expectRejectedCleanly(await importFile(file), /bomb-liar\.xlsx/);
  });

  it('a sheet as wide as Excel allows: 16,384 columns (A to XFD) on every row', async () => {
    const file = path.join(dir, 'xfd-wide.xlsx');
    writeXlsx(file, function* () {
      const header = HEADERS.map((h, i) => inlineCell(`${columnLetters(i + 1)}1`, h));
      for (let c = HEADERS.length + 1; c <= 16_384; c++) header.push(inlineCell(`${columnLetters(c)}1`, `Extra ${c}`));
      yield row(1, header);
      for (let n = 2; n <= 201; n++) {
        const cells = [inlineCell(`A${n}`, `W${n}`), inlineCell(`B${n}`, 'Ann'), inlineCell(`C${n}`, 'Lee'), numberCell(`D${n}`, 2027)];
        for (let c = HEADERS.length + 1; c <= 16_384; c++) cells.push(numberCell(`${columnLetters(c)}${n}`, c));
        yield row(n, cells);
      }
    });
    expectRejectedCleanly(await importFile(file), /xfd-wide\.xlsx|columns/);
  });

  it('a cell a million columns to the right (beyond Excel’s XFD)', async () => {
    const file = path.join(dir, 'million-columns.xlsx');
    writeXlsx(file, function* () {
      yield headerRow();
      for (let n = 2; n <= 50; n++) yield row(n, [inlineCell(`A${n}`, `M${n}`), inlineCell(`B${n}`, 'Ann'), inlineCell(`C${n}`, 'Lee'), numberCell(`D${n}`, 2027), numberCell(`${columnLetters(1_000_000)}${n}`, 1)]);
    });
    expectRejectedCleanly(await importFile(file), /million-columns\.xlsx|column/);
  });

  it('32,767-character cells (Excel’s maximum) in every text column', async () => {
    const long = 'Ž'.repeat(32_767);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Students');
    ws.addRow([...HEADERS, 'Email', 'Notes', 'Target specialty', 'Pager']);
    for (let i = 0; i < 200; i++) ws.addRow([`L${i}`, long, long, 2027, `${long}@x.org`, long, long, long]);
    const file = path.join(dir, 'long-cells.xlsx');
    await wb.xlsx.writeFile(file);
    expectRejectedCleanly(await importFile(file), /Students!2, First name: .*(long|at most|characters)/);
  });

  it('formulas and error cells: cached results are read, errors in required cells are located, nothing is evaluated', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Students');
    ws.addRow([...HEADERS, 'Step 1 Result', 'Notes']);
    ws.addRow(['F1', { formula: 'UPPER("ann")', result: 'ANN' }, 'Lee', { formula: '2020+7', result: 2027 }, 'Pass', { formula: 'HYPERLINK("http://evil.example","click")', result: 'click' }]);
    ws.addRow(['F2', 'Bo', 'Ng', { error: '#N/A' }, 'Pass', null]);
    ws.addRow([{ formula: '1/0', result: { error: '#DIV/0!' } }, 'Cy', 'Ho', 2027, { error: '#REF!' }, null]);
    ws.addRow(['F4', '=cmd|\' /C calc\'!A0', '@SUM(1,2)', 2027, 'Pass', '+1+1']);
    const file = path.join(dir, 'formulas.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await importFile(file);
    expectRejectedCleanly(r, /Students!3, Graduation year: .*#N\/A/);
    expect(r.stderr).toMatch(/Students!4, Student ID: /);
  });

  it('wrong types everywhere: booleans for names, dates for IDs, words for years and scores', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Students');
    ws.addRow([...HEADERS, 'Email', 'USCE months', 'Step 1 Result', 'Step 1 Date', 'Step 2 CK Score', 'Step 2 CK Date']);
    for (let i = 0; i < 500; i++)
      ws.addRow([new Date(Date.UTC(2020, 0, 1 + i)), true, false, 'twenty twenty-seven', 'not an email', 'many', 'maybe', 'yesterday', 'high', 2025.5]);
    const file = path.join(dir, 'wrong-types.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await importFile(file);
    expectRejectedCleanly(r, /Students!2, Graduation year: /);
    expect(r.stderr).toMatch(/Students!501, /);
  });

  it('a CSV over the 200 MB limit is refused without reading it all', async () => {
    const file = path.join(dir, 'huge.csv');
    const fd = fs.openSync(file, 'w');
    const header = `${HEADERS.join(',')},Notes\n`;
    fs.writeSync(fd, header);
    const lines: string[] = [];
    for (let i = 0; i < 10_000; i++) lines.push(`H${i},Ann,Lee,2027,${'n'.repeat(60)}`);
    const block = `${lines.join('\n')}\n`;
    let size = header.length;
    while (size <= 200 * 1024 * 1024) {
      fs.writeSync(fd, block);
      size += block.length;
    }
    fs.closeSync(fd);
    expect(fs.statSync(file).size).toBeGreaterThan(200 * 1024 * 1024);
    const r = await importFile(file);
    fs.rmSync(file);
    expectRejectedCleanly(r, /larger than 200 MB/);
  });

  it('a CSV just under the 200 MB limit: two million rows, more than a worksheet can hold', async () => {
    const file = path.join(dir, 'under-limit.csv');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, `${HEADERS.join(',')}\n`);
    let size = 0;
    for (let block = 0; size < 190 * 1024 * 1024; block++) {
      const lines: string[] = [];
      for (let i = 0; i < 10_000; i++) lines.push(`U${block * 10_000 + i},Ann,Lee,2027,${'n'.repeat(40)}`);
      const text = `${lines.join('\n')}\n`;
      fs.writeSync(fd, text);
      size += text.length;
    }
    fs.closeSync(fd);
    const r = await importFile(file);
    fs.rmSync(file);
    expectRejectedCleanly(r, /under-limit\.csv|too many rows|rows/);
  });
});
