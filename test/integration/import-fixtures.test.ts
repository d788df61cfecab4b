/**
 * Files written by other programs (test/fixtures/import/make-fixtures.py): openpyxl stores shared
 * strings after the sheets and names sheets through absolute paths; LibreOffice turns typed US
 * dates into date cells and stores formula results. The import must read them as an advisor sees them.
 */
import { describe, expect, it } from 'vitest';
import { attempts, commit, fixture, practice, preview, students, freshDatabases } from './import-support';

const database = freshDatabases();

describe('a template workbook written by openpyxl', () => {
  it('imports students, exams and practice exams with real dates, serials, percent cells and custom fields', async () => {
    const { db, ctx } = await database();
    const r = await commit(ctx, fixture('openpyxl-template.xlsx'), 'openpyxl-template.xlsx');
    expect(r).toMatchObject({ committed: true, errorCount: 0, students: { added: 3, updated: 0 }, exams: { added: 7, updated: 0 }, practice: { added: 3, updated: 0 } });
    expect(r.warnings).toEqual([{ sheet: 'Students', row: null, column: 'Pager', message: "column 'Pager' kept as a custom field" }]);
    expect(students(db).map((s) => [s.id, s.first_name, s.grad_year, s.applicant_type, s.usce_months, s.us_letters, s.step1_deadline, s.custom_fields])).toEqual([
      ['S1001', 'Ana', 2027, 'US_MD', null, null, '2025-07-31', '{"Pager":"555-0100"}'],
      ['S1002', 'Ben', 2026, 'US_DO', null, null, null, '{}'],
      ['S1003', 'Chen', 2027, 'IMG', 4.5, 2, null, '{}'],
    ]);
    expect(attempts(db)).toEqual([
      ['S1001', 'STEP1', '2025-05-02', 'PASS', null, null],
      ['S1001', 'STEP2CK', '2026-06-30', null, 251, null],
      ['S1002', 'COMLEX1', '2024-06-01', 'PASS', null, null],
      ['S1002', 'COMLEX2CE', '2025-06-01', null, 560, null],
      ['S1002', 'STEP2CK', '2026-08-15', 'SCHEDULED', null, null],
      ['S1003', 'STEP1', null, 'FAIL', null, null],
      ['S1003', 'STEP1', '2024-01-01', 'PASS', null, null],
    ]);
    expect(practice(db)).toEqual([
      ['S1001', 'STEP1', 'NBME 30', '2025-04-01', null, 82],
      ['S1001', 'STEP1', 'NBME 31', '2025-04-15', null, 88],
      ['S1001', 'STEP2CK', 'UWSA 2', '2026-06-01', 248, null],
    ]);
  });

  it('shows the sheets in tab order with the detected mapping', async () => {
    const { ctx } = await database();
    const p = await preview(ctx, fixture('openpyxl-template.xlsx'), 'openpyxl-template.xlsx');
    expect(p.shape).toBe('template');
    expect(p.sheets.map((s) => [s.name, s.kind, s.headerRow, s.dataRows])).toEqual([
      ['Instructions', null, null, 0],
      ['Students', 'students', 1, 3],
      ['Exams', 'exams', 1, 7],
      ['Practice', 'practice', 1, 3],
    ]);
    expect(p.sheets[1].columns.map((c) => `${c.header}=${c.field}`)).toEqual([
      'Student ID*=studentId', 'First name*=firstName', 'Last name*=lastName', 'Email=email', 'Graduation year*=gradYear', 'Applicant type=applicantType',
      'Target specialty=targetSpecialty', 'Backup specialty=backupSpecialty', 'Advisor=advisor', 'USCE months=usceMonths', 'US letters=usLetters',
      'Step 1 deadline=step1Deadline', 'Notes=notes', 'Pager=custom',
    ]);
  });

  it('names the sheets the same on every read (exceljs alone sometimes loses the names when the sheets come first in the zip)', async () => {
    const { ctx } = await database();
    const file = fixture('openpyxl-template.xlsx');
    const seen = new Set<string>();
    for (let i = 0; i < 25; i++) seen.add((await preview(ctx, file, 'openpyxl-template.xlsx')).sheets.map((s) => `${s.name}:${s.kind}:${s.dataRows}`).join(' '));
    expect([...seen]).toEqual(['Instructions:null:0 Students:students:3 Exams:exams:7 Practice:practice:3']);
  });
});

describe('a single-sheet roster written by openpyxl', () => {
  it('finds the header under a title, turns wide exam columns into attempts, and reports what it did not read', async () => {
    const { db, ctx } = await database();
    const r = await commit(ctx, fixture('openpyxl-roster.xlsx'), 'openpyxl-roster.xlsx');
    expect(r).toMatchObject({ committed: true, errorCount: 0, students: { added: 4, updated: 0 }, exams: { added: 9, updated: 0 } });
    expect(r.warnings).toEqual([
      { sheet: 'Class of 2027', row: null, column: 'Pager', message: "column 'Pager' kept as a custom field" },
      { sheet: 'Class of 2027', row: 1, column: null, message: 'row 1 above the header row 3 was not read' },
      {
        sheet: 'Class of 2027',
        row: 4,
        column: 'Step 2 CK Date',
        message:
          'the date "7/1/2025" reads either way and no date in the column decides: read as month/day/year ("7/1/2025" is 2025-07-01); if it is day/month/year, choose that date order (Date order on the import page; in the CLI: --date-order dmy)',
      },
      {
        sheet: 'Class of 2027',
        row: 6,
        column: 'Step 1 Date',
        message:
          'the date "03/02/25" reads either way and no date in the column decides: read as month/day/year ("03/02/25" is 2025-03-02); if it is day/month/year, choose that date order (Date order on the import page; in the CLI: --date-order dmy)',
      },
      { sheet: 'Class of 2027', row: 8, column: 'USMLE Step 1 Result', message: '1 cell holding #N/A read as blank, first on row 8' },
      { sheet: 'Notes', row: null, column: null, message: "sheet 'Notes' is not read (the roster is read from one sheet, 'Class of 2027')" },
    ]);
    expect(students(db).map((s) => [s.id, s.first_name, s.last_name, s.grad_year, s.applicant_type, s.target_specialty])).toEqual([
      ['R1', 'Dana', 'Price', 2027, 'US_MD', 'Pediatrics'],
      ['R2', 'Eli', 'Stone', 2027, 'US_DO', 'Family Medicine'],
      ['R3', 'Fay', 'Moss', 2027, 'IMG', null],
      ['R4', 'Gus', 'Hale', 2027, 'US_MD', 'Neurology'],
    ]);
    expect(attempts(db)).toEqual([
      // "Step 1 Attempts 2, Pass": one earlier failure of unknown date, then the pass.
      ['R1', 'STEP1', null, 'FAIL', null, 1],
      ['R1', 'STEP1', '2025-03-14', 'PASS', null, 2],
      ['R1', 'STEP2CK', '2025-07-01', null, 245, null],
      ['R2', 'COMLEX2CE', null, null, 610, null],
      ['R2', 'STEP1', '2025-04-20', 'PASS', null, 1],
      ['R2', 'STEP2CK', '2026-07-15', 'SCHEDULED', null, null],
      ['R3', 'STEP1', '2025-03-02', 'FAIL', null, 1],
      ['R3', 'STEP2CK', '2026-09-01', 'SCHEDULED', null, null],
      ['R4', 'STEP2CK', '2026-03-19', null, 255, null],
    ]);
  });
});

describe('a workbook in the 1904 date system', () => {
  it('reads its dates on the right day', async () => {
    const { db, ctx } = await database();
    await commit(ctx, fixture('openpyxl-1904.xlsx'), 'openpyxl-1904.xlsx');
    expect(students(db)[0].step1_deadline).toBe('2025-07-31');
    expect(attempts(db)).toEqual([['M1', 'STEP1', '2025-06-20', 'PASS', null, null]]);
  });
});

describe('a workbook with one error of each kind', () => {
  it('lists every error at its sheet, row and column, and writes nothing', async () => {
    const { db, ctx } = await database();
    const r = await commit(ctx, fixture('openpyxl-errors.xlsx'), 'openpyxl-errors.xlsx');
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      { sheet: 'Students', row: 3, column: 'Student ID', message: 'missing Student ID' },
      { sheet: 'Students', row: 4, column: 'Student ID', message: 'Student ID S1 is also on row 2' },
      { sheet: 'Students', row: 5, column: 'Graduation year', message: '"next year" is not a year' },
      { sheet: 'Students', row: 6, column: 'Applicant type', message: 'unknown applicant type "Martian" (expected US MD, US DO or IMG)' },
      { sheet: 'Students', row: 7, column: 'First name', message: '#N/A in a required column' },
      { sheet: 'Exams', row: 2, column: 'Date', message: '2025-02-30 is not a real date' },
      { sheet: 'Exams', row: 3, column: 'Score', message: 'score 560 is off the USMLE scale 1–300' },
      { sheet: 'Exams', row: 5, column: 'Exam', message: 'unknown exam "Step 4" (expected Step 1, Step 2 CK, Step 3, COMLEX Level 1 or COMLEX Level 2-CE)' },
      { sheet: 'Exams', row: 6, column: 'Result', message: 'unknown result "Maybe" (expected Pass, Fail, Incomplete, Scheduled or Pending)' },
      { sheet: 'Exams', row: 7, column: 'Student ID', message: 'no student with ID S999 in this file or in Stepwise' },
      { sheet: 'Practice', row: 2, column: 'Student ID', message: 'no student with ID S998 in this file or in Stepwise' },
    ]);
    // "13/02/2025" alone in its column reads only as day/month: read so, with a warning (import-date-order.test.ts).
    expect(r.warnings).toContainEqual(expect.objectContaining({ sheet: 'Practice', row: 3, column: 'Date', message: expect.stringMatching(/^the column's dates are read as day\/month\/year: row 3 holds "13\/02\/2025"/) }));
    expect(r.errorCount).toBe(11);
    expect(r.students).toEqual({ added: 0, updated: 0 });
    expect(students(db)).toEqual([]);
    expect(attempts(db)).toEqual([]);
    expect((db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n).toBe(0);
  });
});

describe('files saved by LibreOffice Calc', () => {
  it('reads a CSV Calc saved as .xlsx, its typed dates now date cells', async () => {
    const { db, ctx } = await database();
    const r = await commit(ctx, fixture('libreoffice-roster.xlsx'), 'libreoffice-roster.xlsx');
    expect(r).toMatchObject({ committed: true, students: { added: 2, updated: 0 }, exams: { added: 3, updated: 0 } });
    expect(students(db).map((s) => [s.id, s.last_name, s.grad_year, s.applicant_type])).toEqual([
      ['L1', 'Marsh', 2027, 'US_MD'],
      ['L2', 'Núñez', 2028, 'US_DO'],
    ]);
    expect(attempts(db)).toEqual([
      ['L1', 'STEP1', '2025-05-02', 'PASS', null, null],
      ['L1', 'STEP2CK', '2026-06-30', null, 249, null],
      ['L2', 'STEP1', '2027-04-15', 'SCHEDULED', null, null],
    ]);
  });

  it('reads formula cells by their stored results, and an error result as blank with a warning', async () => {
    const { db, ctx } = await database();
    const r = await commit(ctx, fixture('libreoffice-formulas.xlsx'), 'libreoffice-formulas.xlsx');
    expect(students(db).map((s) => [s.id, s.first_name, s.grad_year, s.notes])).toEqual([['F1001', 'Ida', 2027, null]]);
    expect(attempts(db)).toEqual([['F1001', 'STEP2CK', '2026-06-30', null, 245, null]]);
    expect(r.warnings).toEqual([{ sheet: 'Students', row: 2, column: 'Notes', message: '1 cell holding a formula with no stored value (an error, 0 or empty) read as blank, first on row 2' }]);
  });
});
