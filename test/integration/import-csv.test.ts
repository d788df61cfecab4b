/** CSV rosters as spreadsheets and student-information systems export them. */
import { describe, expect, it } from 'vitest';
import { attempts, commit, csv, preview, students, freshDatabases } from './import-support';

const database = freshDatabases();

const ROSTER = `Student ID,First name,Last name,Class of,Degree,Step 1 Result,Step 1 Date,Step 2 CK Score,Step 2 CK Date,Notes
C1,Ana,Lima,2027,MD,Pass,5/2/2025,251,2026-06-30,
C2,Ben,"O'Neil, Jr",2027,DO,Fail,2025-04-11,,,"Retake planned;
tutor assigned"
C3,Cy,Ng,2028,IMG,,,,,
`;

const SEMICOLON_ROSTER = `Student ID;First name;Last name;Class of;Degree;Step 1 Result;Step 1 Date;Step 2 CK Score;Step 2 CK Date;Notes
C1;Ana;Lima;2027;MD;Pass;5/2/2025;251;2026-06-30;
C2;Ben;"O'Neil, Jr";2027;DO;Fail;2025-04-11;;;"Retake planned;
tutor assigned"
C3;Cy;Ng;2028;IMG;;;;;
`;

const EXPECTED_STUDENTS = [
  ['C1', 'Ana', 'Lima', 2027, 'US_MD', null],
  ['C2', 'Ben', "O'Neil, Jr", 2027, 'US_DO', 'Retake planned;\ntutor assigned'],
  ['C3', 'Cy', 'Ng', 2028, 'IMG', null],
];
const EXPECTED_ATTEMPTS = [
  ['C1', 'STEP1', '2025-05-02', 'PASS', null, null],
  ['C1', 'STEP2CK', '2026-06-30', null, 251, null],
  ['C2', 'STEP1', '2025-04-11', 'FAIL', null, null],
];

describe('CSV variants', () => {
  const variants: [string, Uint8Array<ArrayBuffer>][] = [
    ['UTF-8, comma, LF', csv(ROSTER)],
    ['UTF-8 with BOM, CRLF', csv(ROSTER, { bom: true, crlf: true })],
    ['semicolon (European Excel), CRLF', csv(SEMICOLON_ROSTER, { crlf: true })],
  ];
  for (const [name, bytes] of variants)
    it(`reads ${name}, quoted fields with embedded newlines and delimiters included`, async () => {
      const { db, ctx } = await database();
      const r = await commit(ctx, bytes, 'roster.csv');
      expect(r.errors).toEqual([]);
      expect(students(db).map((s) => [s.id, s.first_name, s.last_name, s.grad_year, s.applicant_type, s.notes])).toEqual(EXPECTED_STUDENTS);
      expect(attempts(db)).toEqual(EXPECTED_ATTEMPTS);
    });

  it('numbers rows as a spreadsheet shows the file: a quoted newline does not shift the rows after it', async () => {
    const { ctx } = await database();
    const text = `${ROSTER}C4,Dee,Orr,soon,MD,,,,,\n`;
    const p = await preview(ctx, csv(text), 'roster.csv');
    expect(p.sheets).toMatchObject([{ name: 'roster.csv', kind: 'students', headerRow: 1, dataRows: 4 }]);
    // Header row 1, C1 row 2, C2 row 3 (two lines of text), C3 row 4, C4 row 5.
    expect(p.errors).toEqual([{ sheet: 'roster.csv', row: 5, column: 'Class of', message: '"soon" is not a year' }]);
  });

  it('reads a file Excel saved as Windows-1252, with a warning to check accented names', async () => {
    const { db, ctx } = await database();
    const bytes = new Uint8Array(Buffer.from('Student ID,First name,Last name,Class of\nW1,José,Núñez,2027\n', 'latin1'));
    const r = await commit(ctx, bytes, 'ansi.csv');
    expect(students(db).map((s) => [s.first_name, s.last_name])).toEqual([['José', 'Núñez']]);
    expect(r.warnings).toContainEqual({ sheet: '', row: null, column: null, message: 'the file is not UTF-8; it was read as Windows-1252 (Excel "CSV (Comma delimited)"): check accented names' });
  });

  it('reports an unclosed quote as a file that cannot be read, and writes nothing', async () => {
    const { db, ctx } = await database();
    const r = await commit(ctx, csv('Student ID,First name,Last name,Class of\nX1,"Ann,Lee,2027\n'), 'broken.csv');
    expect(r.committed).toBe(false);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toMatchObject({ sheet: 'broken.csv', row: null, column: null });
    expect(r.errors[0].message).toMatch(/^the file could not be read: .*quote/i);
    expect(students(db)).toEqual([]);
  });
});
