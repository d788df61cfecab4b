/**
 * Leading zeros never make two students out of one (issue 13, item 2). The SIS exports 00123 as
 * text; the same student in a spreadsheet is the number 123 (Excel dropped the zeros), or 123 shown
 * as 00123 by a number format. An ID is the text the file shows (so the formatted one is 00123
 * exactly); an all-digit ID that matches no student exactly is read as the one stored student with
 * the same digits but for leading zeros, with a warning naming both; several such students, or the
 * two spellings in one file, are located errors.
 */
import { describe, expect, it } from 'vitest';
import { attempts, commit, csv, freshDatabases, openpyxlWorkbook, students } from './import-support';

const database = freshDatabases();

const SIS = csv('Student ID,First name,Last name,Graduation year\n00123,Ann,Lee,2027\n00456,Bo,Ray,2027\n');

const SCORES_AS_NUMBERS = openpyxlWorkbook(`
ws = wb.active
ws.title = 'CK scores'
ws.append(['Student ID', 'Step 2 CK Score', 'Step 2 CK Date'])
ws.append([123, 251, dt.date(2026, 6, 2)])
ws.append([456, 238, dt.date(2026, 6, 9)])
ws['B1'].number_format = '@'
`);

const MATCHED = (row: number, file: string, stored: string) => ({
  sheet: 'CK scores',
  row,
  column: 'Student ID',
  message: `Student ID ${file} is read as ${stored}, the student Stepwise holds: the two differ only in leading zeros (a spreadsheet drops them from an ID stored as a number; format the column as text, or as 00000, to keep them)`,
});

describe('Student IDs and leading zeros', () => {
  it('the number 123 in a workbook updates the student 00123 from the SIS, with a warning naming both IDs', async () => {
    const { ctx, db } = await database();
    expect((await commit(ctx, SIS, 'sis.csv')).committed).toBe(true);
    const r = await commit(ctx, SCORES_AS_NUMBERS, 'scores.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([MATCHED(2, '123', '00123'), MATCHED(3, '456', '00456')]);
    expect(students(db).map((s) => s.id)).toEqual(['00123', '00456']);
    expect(attempts(db)).toEqual([
      ['00123', 'STEP2CK', '2026-06-02', null, 251, null],
      ['00456', 'STEP2CK', '2026-06-09', null, 238, null],
    ]);
  });

  it('a number shown with a 00000 format is the ID it shows: 00123 exactly, nothing to warn about', async () => {
    const { ctx, db } = await database();
    await commit(ctx, SIS, 'sis.csv');
    const bytes = openpyxlWorkbook(`
ws = wb.active
ws.append(['Student ID', 'Step 2 CK Score', 'Step 2 CK Date'])
ws.append([123, 251, dt.date(2026, 6, 2)])
ws['A2'].number_format = '00000'
`);
    const r = await commit(ctx, bytes, 'formatted.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(attempts(db)).toEqual([['00123', 'STEP2CK', '2026-06-02', null, 251, null]]);
  });

  it('the other way round: 00123 from the SIS updates the student first imported as the number 123', async () => {
    const { ctx, db } = await database();
    const roster = openpyxlWorkbook(`
ws = wb.active
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year'])
ws.append([123, 'Ann', 'Lee', 2027])
`);
    expect((await commit(ctx, roster, 'roster.xlsx')).committed).toBe(true);
    const r = await commit(ctx, csv('Student ID,First name,Last name,Graduation year,Advisor\n00123,Ann,Lee,2027,Dr. Kim\n'), 'sis.csv');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([
      {
        sheet: 'sis.csv',
        row: 2,
        column: 'Student ID',
        message: 'Student ID 00123 is read as 123, the student Stepwise holds: the two differ only in leading zeros (a spreadsheet drops them from an ID stored as a number; format the column as text, or as 000, to keep them)',
      },
    ]);
    expect(students(db).map((s) => [s.id, s.advisor])).toEqual([['123', 'Dr. Kim']]);
  });

  it('a template whose Exams sheet lost the zeros its Students sheet kept: the exams are that student\'s', async () => {
    const { ctx, db } = await database();
    const bytes = openpyxlWorkbook(`
st = wb.active
st.title = 'Students'
st.append(['Student ID', 'First name', 'Last name', 'Graduation year'])
st.append(['00789', 'Cy', 'Ng', 2027])
ex = wb.create_sheet('Exams')
ex.append(['Student ID', 'Exam', 'Date', 'Result'])
ex.append([789, 'Step 1', dt.date(2025, 5, 1), 'Fail'])
ex.append([789, 'Step 1', dt.date(2025, 8, 1), 'Pass'])
`);
    const r = await commit(ctx, bytes, 'template.xlsx');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([{ ...MATCHED(2, '789', '00789'), sheet: 'Exams' }]);
    expect(students(db).map((s) => s.id)).toEqual(['00789']);
    expect(attempts(db)).toEqual([
      ['00789', 'STEP1', '2025-05-01', 'FAIL', null, null],
      ['00789', 'STEP1', '2025-08-01', 'PASS', null, null],
    ]);
  });

  it('00123 and 123 in one file are an error naming both rows; nothing is written', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, csv('Student ID,First name,Last name,Graduation year\n00123,Ann,Lee,2027\n124,Bo,Ray,2027\n123,Ann,Lee,2027\n'), 'twice.csv');
    expect(r.errors).toEqual([
      { sheet: 'twice.csv', row: 4, column: 'Student ID', message: 'Student ID 123 differs only in leading zeros from 00123 on row 2: one student written two ways? Write the ID the same way on both rows' },
    ]);
    expect(students(db)).toEqual([]);
  });

  it('an ID whose digits match several stored students is an error naming them', async () => {
    const { ctx, db } = await database();
    expect((await commit(ctx, csv('Student ID,First name,Last name,Graduation year\n0123,Ann,Lee,2027\n'), 'old.csv')).committed).toBe(true);
    // A database written before IDs were compared by their digits may hold both spellings (no import can add the second now).
    db.prepare(`INSERT INTO students (id, first_name, last_name, grad_year, created_at, updated_at) VALUES ('00123', 'Al', 'Lee', 2027, '2025-01-01', '2025-01-01')`).run();
    const r = await commit(ctx, SCORES_AS_NUMBERS, 'scores.xlsx');
    expect(r.errors).toEqual([
      { sheet: 'CK scores', row: 2, column: 'Student ID', message: 'Student ID 123 matches no student exactly, and differs only in leading zeros from 2 students: 00123, 0123; write the ID exactly as Stepwise holds it' },
      { sheet: 'CK scores', row: 3, column: 'Student ID', message: 'no student with ID 456 in Stepwise; a file without First name, Last name or Graduation year columns can only update students already recorded (check the ID, or import the student first)' },
    ]);
    expect(students(db).map((s) => s.id)).toEqual(['00123', '0123']);
    expect(attempts(db)).toEqual([]);
  });

  it('IDs with letters are compared exactly, as before: S0123 and S123 are two students', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, csv('Student ID,First name,Last name,Graduation year\nS0123,Ann,Lee,2027\nS123,Bo,Ray,2027\n'), 'letters.csv');
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(students(db).map((s) => s.id)).toEqual(['S0123', 'S123']);
  });
});
