/**
 * PENDING (fails on 747671b: rejected with the right message, but at a peak of ~970 MB): rename to
 * hostile-import-liar.test.ts once the import verifies a part's size before exceljs inflates it.
 *
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
});
