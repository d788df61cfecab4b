/** Workbooks written by exceljs in the test: the template and single-sheet shapes, every kind of cell, mapping overrides. */
import { describe, expect, it } from 'vitest';
import { attempts, commit, preview, students, xlsx, freshDatabases } from './import-support';

const database = freshDatabases();
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

describe('cells as Excel holds them', () => {
  it('reads dates on their calendar day in any time zone, formulas by result, rich text, hyperlinks, numbers stored as text', async () => {
    const tz = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      const file = await xlsx((wb) => {
        const ws = wb.addWorksheet('Students');
        ws.addRow(['Student ID', 'First name', 'Last name', 'Email', 'Graduation year', 'US letters', 'Step 1 deadline', 'Notes']);
        ws.addRow([
          { formula: '"X"&"1"', result: 'X1' },
          { richText: [{ text: 'Ro', font: { bold: true } }, { text: 'sa' }] },
          ' Lind ',
          { text: 'rosa.lind@students.example.edu', hyperlink: 'mailto:rosa.lind@students.example.edu' },
          { formula: '2025+2', result: 2027 },
          ' 3 ',
          utc(2025, 7, 31),
          { error: '#REF!' },
        ]);
        const ex = wb.addWorksheet('Exams');
        ex.addRow(['Student ID', 'Exam', 'Date', 'Result', 'Score']);
        ex.addRow(['X1', 'Step 2 CK', utc(2026, 3, 1), '', '247']);
        ex.getCell('C2').numFmt = 'm/d/yyyy';
      });
      const { db, ctx } = await database();
      const r = await commit(ctx, file, 'cells.xlsx');
      expect(r.errors).toEqual([]);
      expect(students(db).map((s) => [s.id, s.first_name, s.last_name, s.email, s.grad_year, s.us_letters, s.step1_deadline, s.notes])).toEqual([
        ['X1', 'Rosa', 'Lind', 'rosa.lind@students.example.edu', 2027, 3, '2025-07-31', null],
      ]);
      expect(attempts(db)).toEqual([['X1', 'STEP2CK', '2026-03-01', null, 247, null]]);
      expect(r.warnings).toContainEqual({ sheet: 'Students', row: 2, column: 'Notes', message: '1 cell holding #REF! read as blank, first on row 2' });
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it('treats an error cell in a required column as an error', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Roster');
      ws.addRow(['Student ID', 'First name', 'Last name', 'Class of']);
      ws.addRow([{ error: '#N/A' }, 'Ann', 'Lee', 2027]);
    });
    const { db, ctx } = await database();
    const r = await commit(ctx, file, 'na.xlsx');
    expect(r.errors).toEqual([{ sheet: 'Roster', row: 2, column: 'Student ID', message: '#N/A in a required column' }]);
    expect(students(db)).toEqual([]);
  });
});

describe('a single-sheet roster with wide exam columns', () => {
  const header = ['Student Number', 'First', 'Surname', 'Graduation Year', 'Applicant Type', 'Step 1', 'Step 1 Attempts', 'Step 1 Date', 'Step 2 CK Score', 'Step 2 CK Date', 'Step 2 CK Result', 'Step 2 CK Scheduled', 'Step 3 Result', 'Step 3 Date', 'COMLEX Level 2-CE Score', 'COMLEX Level 2-CE Date', 'Pager'];
  const rows: unknown[][] = [
    // 3 attempts, the last a failure: two earlier failures of unknown date, then this one.
    ['W1', 'Ada', 'Brook', 2027, 'US MD', 'Fail', 3, '2025-06-01', null, null, null, null, null, null, null, null, '555-1'],
    // CK taken and passed, a retake booked? No: a CK score and a later booking make two attempts.
    ['W2', 'Bea', 'Cole', 2027, 'US MD', 'P', 1, '2025-05-01', 240, '2025-09-01', 'Pass', '2026-09-01', null, null, null, null, null],
    // A score with no result, below the 218 in force from 2025-07-01: stored as a score, warned as a failure.
    ['W3', 'Cal', 'Dunn', 2027, 'US MD', 232, null, '2021-06-01', 212, '2025-08-10', null, null, null, null, null, null, null],
    // A date in the future with no result is a booking; a DO's COMLEX 560 is on its own scale.
    ['W4', 'Dee', 'Ames', 2028, 'US DO', null, null, '2026-09-20', null, null, null, null, null, null, 560, '2025-11-01', null],
    // A past date with no result, and an attempt count alone: kept as custom fields, not guessed at.
    ['W5', 'Eve', 'Faro', 2027, 'IMG', null, null, '2025-04-01', null, null, null, null, 'Pass', '2025-12-01', null, null, null],
    ['W6', 'Fox', 'Gale', 2027, 'IMG', null, 2, null, null, null, null, null, null, null, null, null, null],
  ];

  it('becomes attempts: attempt counts, bookings, score-only attempts, COMLEX scales', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(header);
      rows.forEach((r) => ws.addRow(r));
    });
    const { db, ctx } = await database();
    const r = await commit(ctx, file, 'wide.xlsx');
    expect(r.errors).toEqual([]);
    expect(attempts(db)).toEqual([
      ['W1', 'STEP1', null, 'FAIL', null, 1],
      ['W1', 'STEP1', null, 'FAIL', null, 2],
      ['W1', 'STEP1', '2025-06-01', 'FAIL', null, 3],
      ['W2', 'STEP1', '2025-05-01', 'PASS', null, 1],
      ['W2', 'STEP2CK', '2025-09-01', 'PASS', 240, null],
      ['W2', 'STEP2CK', '2026-09-01', 'SCHEDULED', null, null],
      ['W3', 'STEP1', '2021-06-01', null, 232, null],
      ['W3', 'STEP2CK', '2025-08-10', null, 212, null],
      ['W4', 'COMLEX2CE', '2025-11-01', null, 560, null],
      ['W4', 'STEP1', '2026-09-20', 'SCHEDULED', null, null],
      ['W5', 'STEP3', '2025-12-01', 'PASS', null, null],
    ]);
    expect(r.warnings.filter((w) => w.row !== null)).toEqual([
      { sheet: 'Sheet1', row: 4, column: null, message: 'Step 2 CK score 212 on 2025-08-10 has no result: below the minimum passing score 218 in force on that date, it counts as a failure' },
      { sheet: 'Sheet1', row: 6, column: 'Step 1 Date', message: 'Step 1 date 2025-04-01 has no result or score, so no attempt was recorded; the columns were kept as custom fields' },
      { sheet: 'Sheet1', row: 7, column: 'Step 1 Attempts', message: 'Step 1 attempts 2 without a result, score or date: kept as a custom field, no attempt recorded' },
    ]);
    const custom = Object.fromEntries(students(db).map((s) => [s.id, JSON.parse(String(s.custom_fields))]));
    expect(custom).toMatchObject({ W1: { Pager: '555-1' }, W5: { 'Step 1 Date': '2025-04-01' }, W6: { 'Step 1 Attempts': '2' } });
  });

  it('rejects a Step 2 CK score off the USMLE scale, located at its column', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Sheet1');
      ws.addRow(header);
      ws.addRow(['W9', 'Gil', 'Hart', 2027, 'US MD', null, null, null, 560, '2025-09-01', null, null, null, null, 560, '2025-09-02', null]);
    });
    const { db, ctx } = await database();
    const r = await commit(ctx, file, 'wide.xlsx');
    expect(r.errors).toEqual([{ sheet: 'Sheet1', row: 2, column: 'Step 2 CK Score', message: 'score 560 is off the USMLE scale 1–300' }]);
    expect(students(db)).toEqual([]);
  });
});

describe('mapping', () => {
  const file = () =>
    xlsx((wb) => {
      const ws = wb.addWorksheet('Export');
      ws.addRow(['Learner', 'Name', 'Cohort', 'Cell', 'Email', 'E-mail']);
      ws.addRow(['M1', 'Garcia Lopez, Maria', 'Class of 2027', '555-0199', 'maria@x.edu', 'maria@home.example']);
    });

  it('without overrides: an unknown key column is an error, a duplicate field column is kept as custom with a warning', async () => {
    const { ctx } = await database();
    const p = await preview(ctx, await file(), 'export.xlsx');
    expect(p.errors).toEqual([{ sheet: 'Export', row: 1, column: null, message: 'no Student ID column: name one "Student ID", or map a column to studentId' }]);
    expect(p.sheets[0].columns.map((c) => c.field)).toEqual(['custom', 'fullName', 'gradYear', 'custom', 'email', 'custom']);
    expect(p.warnings).toContainEqual({ sheet: 'Export', row: 1, column: 'E-mail', message: 'column "E-mail" also looks like Email, which column "Email" provides; it is not read as that field' });
  });

  it('with overrides (by key or label, custom or ignore) maps as told, and says which overrides matched nothing', async () => {
    const { db, ctx } = await database();
    const mapping = [
      { header: 'learner', field: 'studentId' },
      { header: 'Cell', field: 'Notes' },
      { header: 'E-mail', field: 'ignore' },
      { header: 'Pager', field: 'custom' },
    ];
    const p = await preview(ctx, await file(), 'export.xlsx', { mapping });
    expect(p.errors).toEqual([]);
    expect(p.sheets[0].columns.map((c) => [c.header, c.field, c.detected, c.overridden])).toEqual([
      ['Learner', 'studentId', 'custom', true],
      ['Name', 'fullName', 'fullName', false],
      ['Cohort', 'gradYear', 'gradYear', false],
      ['Cell', 'notes', 'custom', true],
      ['Email', 'email', 'email', false],
      ['E-mail', 'ignore', 'custom', true],
    ]);
    expect(p.warnings).toContainEqual({ sheet: '', row: null, column: 'Pager', message: "the mapping for 'Pager' matched no column" });
    const r = await commit(ctx, await file(), 'export.xlsx', { mapping });
    expect(r.committed).toBe(true);
    expect(students(db).map((s) => [s.id, s.first_name, s.last_name, s.grad_year, s.notes, s.email, s.custom_fields])).toEqual([['M1', 'Maria', 'Garcia Lopez', 2027, '555-0199', 'maria@x.edu', '{}']]);
  });

  it('refuses an override naming no field, and two columns mapped to one field', async () => {
    const { ctx } = await database();
    const p = await preview(ctx, await file(), 'export.xlsx', {
      mapping: [
        { header: 'Learner', field: 'studentId' },
        { header: 'Cell', field: 'pager number' },
        { sheet: 'Export', header: 'E-mail', field: 'email' },
        { header: 'Email', field: 'Email' },
      ],
    });
    expect(p.errors).toEqual([
      { sheet: 'Export', row: 1, column: 'Cell', message: 'the mapping names "pager number", which is not a field of a students sheet (see the field list of import.fields)' },
      { sheet: 'Export', row: 1, column: 'E-mail', message: 'columns "Email" and "E-mail" are both mapped to Email' },
    ]);
  });
});

describe('the shape of a workbook', () => {
  it('reads a roster from the first sheet that has a Student ID column, whichever is stored first, and names a missing required column', async () => {
    const file = await xlsx((wb) => {
      const a = wb.addWorksheet('Summary');
      a.addRow(['Total', 1]);
      const b = wb.addWorksheet('People');
      b.addRow(['ID', 'First name', 'Last name']);
      b.addRow(['P1', 'Pat', 'Quinn']);
      wb.views = [{ x: 0, y: 0, width: 10000, height: 10000, firstSheet: 0, activeTab: 1, visibility: 'visible' }];
    });
    const { db, ctx } = await database();
    const r = await commit(ctx, file, 'shape.xlsx');
    // The first tab is "Summary": it has no Student ID column, so the roster is read from "People", and the advisor told why.
    expect(r.warnings).toContainEqual({ sheet: 'Summary', row: null, column: null, message: "sheet 'Summary' is not read: it has no Student ID column in its first 10 rows (the roster is read from the first sheet that has one)" });
    expect(r.errors).toEqual([{ sheet: 'People', row: 2, column: 'ID', message: 'student P1 is new, and the sheet has no Graduation year column, which a new student needs: add the column, or import this student from a file that has it' }]);
    expect(students(db)).toEqual([]);
  });

  it('requires the names and graduation year of a new student: a blank cell on its row, a column the sheet lacks once for the sheet', async () => {
    const file = await xlsx((wb) => {
      const ws = wb.addWorksheet('Students');
      ws.addRow(['Student ID', 'First name', 'Graduation year']);
      ws.addRow(['N1', '', 2027]);
    });
    const { ctx } = await database();
    const r = await commit(ctx, file, 'new.xlsx');
    expect(r.errors).toEqual([
      { sheet: 'Students', row: 2, column: 'First name', message: 'missing First name (required for a new student)' },
      { sheet: 'Students', row: 2, column: 'Student ID', message: 'student N1 is new, and the sheet has no Last name column, which a new student needs: add the column, or import this student from a file that has it' },
    ]);
  });

  it('refuses files that are not spreadsheets, with the reason', async () => {
    const { ctx } = await database();
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0]);
    expect((await commit(ctx, xls, 'old.xls')).errors).toEqual([{ sheet: 'old.xls', row: null, column: null, message: 'old.xls is an old Excel 97–2003 (.xls) workbook; open it in Excel and save it as .xlsx, then import that' }]);
    const broken = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]);
    const r = await commit(ctx, broken, 'broken.xlsx');
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([{ sheet: 'broken.xlsx', row: null, column: null, message: 'broken.xlsx is damaged: it has no zip directory (the file was cut short?); nothing was read from it' }]);
  });
});

describe('reading in a worker thread', () => {
  it('gives the same sheets, rows and cells as reading on the main thread, skipped sheets included', async () => {
    const { openSource } = await import('../../src/main/import/readers');
    const { fixture } = await import('./import-support');
    for (const name of ['openpyxl-template.xlsx', 'openpyxl-roster.xlsx', 'libreoffice-formulas.xlsx']) {
      const read = async (thread: 'worker' | 'main') => {
        const out: unknown[] = [];
        const source = openSource(fixture(name), name, thread);
        for await (const sheet of source.sheets()) {
          out.push(`${sheet.name}@${sheet.position}`);
          // Leave the first sheet unread, as the import does with an Instructions sheet.
          if (sheet.position === 0 && name === 'openpyxl-template.xlsx') continue;
          for await (const row of sheet.rows) out.push([row.number, ...Array.from({ length: row.width }, (_, i) => row.cell(i + 1))]);
        }
        return out;
      };
      const main = await read('main');
      expect(main.length).toBeGreaterThanOrEqual(3);
      expect(await read('worker')).toEqual(main);
    }
  });
});
