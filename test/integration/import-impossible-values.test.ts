/**
 * Values an import must not take as they look (issue 13, items 6 and 7):
 * - a result dated after today (a Step 1 "Pass" in 2062, a CK score next spring) is a located error,
 *   not a booking: only a booking can be in the future;
 * - a formula with no stored value (a file written by a script and never opened in Excel) in an
 *   exam's date, result or score is an error naming the cell, not a blank that makes every student
 *   CK_LATE; in a column kept as a custom field it stays a warning.
 * Files are built as their real sources build them: exceljs for the template, openpyxl (which
 * writes formulas without a cached value) for the script-made file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers';
import { attempts, commit, freshDatabases, xlsx } from './import-support';
import { PYTHON } from './report-fixture';
import { invoke } from '../../src/main/handlers';

const database = freshDatabases();
// import-support's AS_OF: the import's "today".
const TODAY = '2026-07-01';

describe('a result dated after today', () => {
  it('is a located error on the template and on a wide roster; a booking in the future is still a booking', async () => {
    const template = await xlsx((wb) => {
      wb.addWorksheet('Students').addRows([['Student ID', 'First name', 'Last name', 'Graduation year'], ['F1', 'Fay', 'Lind', 2028], ['F2', 'Gus', 'Moe', 2028]]);
      wb.addWorksheet('Exams').addRows([
        ['Student ID', 'Exam', 'Date', 'Result', 'Score'],
        ['F1', 'Step 1', '2062-05-01', 'Pass', null],
        ['F2', 'Step 2 CK', '2027-03-01', 'Scheduled', null],
      ]);
    });
    const { db, ctx } = await database();
    const r = await commit(ctx, template, 'template.xlsx');
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { sheet: 'Exams', row: 2, column: 'Date', message: `Step 1 "Pass" is dated 2062-05-01, after today (${TODAY}): a result cannot be in the future; correct the date (a booking has no result yet)` },
    ]);
    expect(attempts(db)).toEqual([]);

    const roster = await xlsx((wb) =>
      wb.addWorksheet('Roster').addRows([
        ['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 2 CK Score', 'Step 2 CK Date'],
        ['F3', 'Hal', 'Noor', 2027, 251, '2027-04-15'],
        ['F4', 'Ida', 'Park', 2027, null, '2027-04-15'],
      ]),
    );
    const w = await commit(ctx, roster, 'roster.xlsx');
    expect(w.errors).toEqual([
      { sheet: 'Roster', row: 2, column: 'Step 2 CK Date', message: `Step 2 CK score 251 is dated 2027-04-15, after today (${TODAY}): a result cannot be in the future; correct the date (a booking has no result yet)` },
    ]);
    // Fixed, the same file imports: the booking stays a booking.
    const fixed = await xlsx((wb) =>
      wb.addWorksheet('Roster').addRows([
        ['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 2 CK Score', 'Step 2 CK Date'],
        ['F3', 'Hal', 'Noor', 2027, 251, '2026-04-15'],
        ['F4', 'Ida', 'Park', 2027, null, '2027-04-15'],
      ]),
    );
    expect((await commit(ctx, fixed, 'roster.xlsx')).committed).toBe(true);
    expect(attempts(db)).toEqual([
      ['F3', 'STEP2CK', '2026-04-15', null, 251, null],
      ['F4', 'STEP2CK', '2027-04-15', 'SCHEDULED', null, null],
    ]);
  });
});

describe('a formula with no stored value', () => {
  it('is an error in an exam column, naming the cell, and a warning in a column kept as a custom field', async () => {
    const file = path.join(tempDir(), 'script-made.xlsx');
    // openpyxl writes a formula and no cached result: what a script that never opens Excel produces.
    const py = `
import sys
from openpyxl import Workbook
wb = Workbook()
ws = wb.active
ws.title = 'Roster'
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 2 CK Score', 'Step 2 CK Date', 'Mentor score'])
ws.append(['P1', 'Pia', 'Quill', 2027, '=240+5', '2026-03-01', '=1+1'])
ws.append(['P2', 'Rex', 'Sato', 2027, 238, '2026-03-02', '=2+2'])
wb.save(sys.argv[1])
`;
    const made = spawnSync(PYTHON, ['-c', py, file], { encoding: 'utf8' });
    expect(made.stderr).toBe('');
    const { db, ctx } = await database();
    const r = await commit(ctx, new Uint8Array(fs.readFileSync(file)), 'script-made.xlsx');
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { sheet: 'Roster', row: 2, column: 'Step 2 CK Score', message: 'a formula with no stored value (the file was saved without calculating it); open it in Excel or LibreOffice, let it calculate, save it and import it again' },
    ]);
    expect(r.warnings.some((w) => w.column === 'Mentor score')).toBe(true);
    expect(r.warnings.some((w) => w.column === 'Step 2 CK Score')).toBe(false);
    expect(attempts(db)).toEqual([]);
  });
});

describe('a result its own score contradicts (RULES.md, "Impossible data")', () => {
  it('is refused by the import with its cell located, and by the student page naming the standard', async () => {
    const { db, ctx } = await database();
    const roster = await xlsx((wb) =>
      wb.addWorksheet('Roster').addRows([
        ['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 2 CK Result', 'Step 2 CK Score', 'Step 2 CK Date'],
        ['C1', 'Cy', 'Doe', 2027, 'Pass', 150, '2025-08-10'],
      ]),
    );
    const r = await commit(ctx, roster, 'roster.xlsx');
    expect(r.errors).toEqual([
      { sheet: 'Roster', row: 2, column: 'Step 2 CK Score', message: 'Step 2 CK "Pass" with score 150 on 2025-08-10 is impossible: the score is below the minimum passing score 218 in force on that date (in force from 2025-07-01); correct the result or the score' },
    ]);
    expect(attempts(db)).toEqual([]);

    // The student page: the same attempt is refused, on its score field; a consistent one is saved.
    const ok = await commit(ctx, await xlsx((wb) => wb.addWorksheet('Roster').addRows([['Student ID', 'First name', 'Last name', 'Graduation year'], ['C1', 'Cy', 'Doe', 2027]])), 'student.xlsx');
    expect(ok.committed).toBe(true);
    const refused = await invoke(ctx, 'attempts.add', { studentId: 'C1', exam: 'STEP2CK', testDate: '2025-08-10', outcome: 'PASS', score: 150, attemptOrder: null });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'score', message: expect.stringContaining('below the minimum passing score 218 in force on that date') }] } });
    expect(attempts(db)).toEqual([]);
    const saved = await invoke(ctx, 'attempts.add', { studentId: 'C1', exam: 'STEP2CK', testDate: '2025-08-10', outcome: 'PASS', score: 240, attemptOrder: null });
    expect(saved.ok).toBe(true);
    const id = db.prepare(`SELECT id FROM exam_attempts WHERE student_id = 'C1'`).pluck().get() as number;
    const edit = await invoke(ctx, 'attempts.update', { id, attempt: { studentId: 'C1', exam: 'STEP2CK', testDate: '2025-08-10', outcome: 'FAIL', score: 240, attemptOrder: null } });
    expect(edit).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'attempt.score' }] } });
    expect(attempts(db)).toEqual([['C1', 'STEP2CK', '2025-08-10', 'PASS', 240, null]]);
  });
});
