/**
 * The committee report's two halves on two threads (src/main/reports/report-thread.ts): the worker
 * thread makes exactly the workbook the main thread makes, sees one picture of the database while
 * the app goes on saving, stops when the report is cancelled, and is not needed for a report.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ReportOptions } from '../../src/shared/api/reports';
import { DatabaseHolder } from '../../src/main/backup/holder';
import { openDatabase } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import { writeCommitteeReportFile } from '../../src/main/reports/output';
import { liveReportWorkers, reportInWorker, useReportWorker } from '../../src/main/reports/report-thread';
import { reportInput } from '../../src/main/reports/workbook';
import { tempDatabase } from '../helpers';
import { AS_OF, seedReportDatabase, TRICKY } from './report-fixture';

const who = { actor: 'test-advisor', context: 'report thread test' };
const now = new Date('2026-11-26T15:04:05Z');

/** Every cell of every sheet as a spreadsheet program sees it: value, number format, fill, boldness. */
async function cellsOf(file: string): Promise<Record<string, string[][]>> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const out: Record<string, string[][]> = {};
  wb.eachSheet((ws) => {
    const rows: string[][] = [];
    ws.eachRow({ includeEmpty: true }, (row) => {
      const cells: string[] = [];
      row.eachCell({ includeEmpty: true }, (c) => {
        const fill = c.fill?.type === 'pattern' ? c.fill.fgColor?.argb : '';
        const value = c.value instanceof Date ? c.value.toISOString() : JSON.stringify(c.value);
        cells.push(`${value}|${c.numFmt ?? ''}|${fill ?? ''}|${c.font?.bold ? 'b' : ''}|${row.height ?? ''}`);
      });
      rows.push(cells);
    });
    out[ws.name] = rows;
  });
  return out;
}

/** The row of one student in a sheet read with exceljs (`Student ID` in column A), by header. */
async function rowOf(file: string, sheet: string, studentId: string): Promise<Record<string, unknown> | null> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(sheet)!;
  // Row 1 is the sheet's title, row 2 its header.
  const header = (ws.getRow(2).values as unknown[]).slice(1).map(String);
  let found: Record<string, unknown> | null = null;
  ws.eachRow((row, n) => {
    if (n > 2 && row.getCell(1).value === studentId) found = Object.fromEntries(header.map((h, i) => [h, row.getCell(i + 1).value]));
  });
  return found;
}

afterEach(() => useReportWorker(null));

describe('the report worker thread', () => {
  it('makes exactly the workbook the main thread makes, identified and de-identified', async () => {
    const { db, dir } = await tempDatabase();
    seedReportDatabase(db, 2500);
    // The worker really runs here (the check would pass vacuously if every report fell back to the main thread).
    const started = await reportInWorker(db.name, reportInput(db, ReportOptions.parse({ asOf: AS_OF }), { who }), {});
    expect(started).not.toBeNull();
    for await (const m of started!.messages) if (m.kind === 'done') expect(m.counts.students).toBe(2500 + TRICKY.length);
    await started!.close();

    for (const deidentify of [false, true]) {
      const options = ReportOptions.parse({ asOf: AS_OF, deidentify });
      const inWorker = path.join(dir, `worker-${deidentify}.xlsx`);
      const onMain = path.join(dir, `main-${deidentify}.xlsx`);
      let workers = 0;
      const a = await writeCommitteeReportFile(db, options, inWorker, { who, now, thread: 'worker', progress: () => (workers = Math.max(workers, liveReportWorkers())) });
      expect(workers).toBe(1);
      const b = await writeCommitteeReportFile(db, options, onMain, { who, now, thread: 'main' });
      expect(a).toEqual(b);
      const [x, y] = [await cellsOf(inWorker), await cellsOf(onMain)];
      expect(Object.keys(x)).toEqual(['Summary', 'At risk', 'Roster', 'By specialty', 'Outcomes', 'Sources']);
      expect(x.Roster.length).toBe(2500 + TRICKY.length + 2); // title and header rows
      for (const sheet of Object.keys(y)) expect(x[sheet], sheet).toEqual(y[sheet]);
    }
    expect(liveReportWorkers()).toBe(0);
    db.close();
  });

  it.each(['worker', 'main'] as const)('reads one picture of the database (%s thread): an exam saved while the Roster is being written does not mix in', async (thread) => {
    const { db, ctx, dir } = await tempDatabase();
    // 8,000 students: 8 Roster chunks, and the worker never runs more than 4 ahead of the writer.
    seedReportDatabase(db, 8000);
    const last = db.prepare(`SELECT id FROM students ORDER BY last_name COLLATE NOCASE DESC, first_name COLLATE NOCASE DESC, id DESC LIMIT 1`).pluck().get() as string;
    const attemptsBefore = db.prepare(`SELECT count(*) FROM exam_attempts WHERE student_id = ? AND exam = 'STEP1'`).pluck().get(last) as number;

    const out = path.join(dir, 'during.xlsx');
    let saved = false;
    await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), out, {
      who,
      thread,
      progress: (phase, done) => {
        if (phase !== 'Writing Roster' || done === 0 || saved) return;
        saved = true;
        // The student last by name is in the last chunk, which has not been evaluated yet.
        const add = invoke(ctx, 'attempts.add', { studentId: last, exam: 'STEP1', testDate: '2026-03-02', outcome: 'FAIL', score: null, attemptOrder: null });
        void add.then((r) => expect(r.ok).toBe(true));
      },
    });
    expect(saved).toBe(true);
    expect(db.prepare(`SELECT count(*) FROM exam_attempts WHERE student_id = ? AND exam = 'STEP1'`).pluck().get(last)).toBe(attemptsBefore + 1);
    const during = await rowOf(out, 'Roster', last);
    expect(during?.['Step 1 attempts'] ?? null).toBe(attemptsBefore || null);

    // The next report sees the saved attempt: the check above could fail.
    const after = path.join(dir, 'after.xlsx');
    await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), after, { who, thread: 'worker' });
    expect((await rowOf(after, 'Roster', last))?.['Step 1 attempts']).toBe(attemptsBefore + 1);
    db.close();
  });

  it('stops when the report is cancelled', async () => {
    const { db, dir } = await tempDatabase();
    seedReportDatabase(db, 3000);
    const ac = new AbortController();
    const out = path.join(dir, 'cancelled.xlsx');
    const run = writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), out, {
      who,
      signal: ac.signal,
      progress: (phase, done) => {
        if (phase === 'Writing Roster' && done > 0) {
          expect(liveReportWorkers()).toBe(1);
          ac.abort();
        }
      },
    });
    await expect(run).rejects.toThrow('cancelled');
    // The report settles only after its thread has exited (writeCommitteeWorkbook awaits close(), which waits
    // for the worker's 'exit'): nothing to wait for here, and a thread still running now is a thread left behind.
    expect(liveReportWorkers()).toBe(0);
    expect(fs.existsSync(out)).toBe(false);
    db.close();
  });

  it('passes an error in the worker on with its code, and a cancel during start-up as a cancel', async () => {
    const { db, dir } = await tempDatabase();
    seedReportDatabase(db, 20);
    const input = reportInput(db, ReportOptions.parse({ asOf: AS_OF }), { who });
    const gone = await reportInWorker(path.join(dir, 'no-such.db'), input, {});
    expect(gone).not.toBeNull();
    const failed = (async () => {
      for await (const m of gone!.messages) void m;
    })();
    await expect(failed).rejects.toMatchObject({ name: 'SqliteError', code: 'SQLITE_CANTOPEN' });
    await gone!.close();
    const noMatch = await reportInWorker(db.name, reportInput(db, ReportOptions.parse({ asOf: AS_OF, classYears: [2040] }), { who }), {});
    const rejected = (async () => {
      for await (const m of noMatch!.messages) void m;
    })();
    await expect(rejected).rejects.toMatchObject({ name: 'ApiError', code: 'REJECTED', message: 'No active students match class 2040; no report was written (archived students are never reported).' });

    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const ac = new AbortController();
      const starting = reportInWorker(db.name, input, { signal: ac.signal });
      ac.abort();
      await expect(starting).rejects.toThrow('cancelled');
      expect(said.mock.calls.filter(([chunk]) => String(chunk).includes('did not start'))).toEqual([]);
    } finally {
      said.mockRestore();
    }
    expect(liveReportWorkers()).toBe(0);
    db.close();
  });

  it('is stopped by a restore, which must not replace the file under its connection', async () => {
    const { db, file, dir } = await tempDatabase();
    seedReportDatabase(db, 6000);
    const holder = new DatabaseHolder(file, db);
    let restoring: Promise<void> | null = null;
    const out = path.join(dir, 'during-restore.xlsx');
    const run = writeCommitteeReportFile(holder.db, ReportOptions.parse({ asOf: AS_OF }), out, {
      who,
      thread: 'worker',
      progress: (phase, done) => {
        if (phase !== 'Writing Roster' || done === 0 || restoring) return;
        restoring = holder.whileClosed(
          async () => expect(liveReportWorkers()).toBe(0),
          () => openDatabase(file),
        );
      },
    });
    await expect(run).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('being restored from a backup') });
    await restoring;
    expect(holder.isOpen).toBe(true);
    expect(fs.existsSync(out)).toBe(false);
    holder.close();
  });

  it('is not needed: when its file cannot be loaded, the main thread reads, and says so once', async () => {
    const { db, dir } = await tempDatabase();
    seedReportDatabase(db, 50);
    useReportWorker(path.join(dir, 'no-such-worker.js'));
    const said = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const out = path.join(dir, 'fallback.xlsx');
      const counts = await writeCommitteeReportFile(db, ReportOptions.parse({ asOf: AS_OF }), out, { who });
      expect(counts.students).toBe(50 + TRICKY.length);
      expect((await cellsOf(out)).Roster).toHaveLength(50 + TRICKY.length + 2); // title and header rows
      const lines = said.mock.calls.map(([chunk]) => String(chunk)).filter((l) => l.includes('worker thread did not start'));
      expect(lines).toHaveLength(1);
    } finally {
      said.mockRestore();
    }
    expect(liveReportWorkers()).toBe(0);
    db.close();
  });
});
