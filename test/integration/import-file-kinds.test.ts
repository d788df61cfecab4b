/**
 * Files that are not workbooks Stepwise reads, as offices really have them, each refused with what
 * it is and what to do: an .xlsx Excel encrypted with a password, an Excel 97–2003 .xls (both OLE
 * compound files), and what registrar systems export as "Excel": an Excel 2003 XML spreadsheet
 * under an .xls name (a web page under that name is read: import-html.test.ts). The import page
 * (the handler) and the CLI say the same, and with --json the CLI still prints its result object
 * for scripts, as it does for an empty or missing file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { tempDir } from '../helpers';
import { commit, fixture, FIXTURES, freshDatabases, xlsx } from './import-support';
import { PYTHON } from './report-fixture';

const database = freshDatabases();

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test' } });
  return { code, out, err };
}

const SPREADSHEET_2003 = `<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Roster"><Table><Row><Cell><Data ss:Type="String">Student ID</Data></Cell></Row></Table></Worksheet>
</Workbook>
`;

const cases: [string, () => Uint8Array<ArrayBuffer>, string, RegExp][] = [
  ['an .xlsx encrypted with a password', () => fixture('password-protected.xlsx'), 'roster.xlsx', /^roster\.xlsx is password-protected \(Excel encrypted it\); remove the password in Excel .* and import it again$/],
  ['an Excel 97–2003 workbook (LibreOffice)', () => fixture('libreoffice-excel97.xls'), 'roster.xls', /^roster\.xls is an old Excel 97–2003 \(\.xls\) workbook; open it in Excel and save it as \.xlsx, then import that$/],
  ['an Excel 2003 XML spreadsheet saved as .xls', () => new Uint8Array(Buffer.from(SPREADSHEET_2003)), 'roster.xls', /^roster\.xls is an Excel 2003 XML spreadsheet saved under an \.xls name, not a workbook/],
];

describe('files that are not workbooks Stepwise reads', () => {
  it.each(cases)('%s: refused, saying what it is and what to do, on the page and in the CLI', async (_what, bytes, name, message) => {
    const { ctx, file: db } = await database();
    const r = await commit(ctx, bytes(), name);
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([{ sheet: name, row: null, column: null, message: expect.stringMatching(message) }]);

    const file = path.join(tempDir(), name);
    fs.writeFileSync(file, bytes());
    const c = await cli('import', file, '--db', db, '--json');
    expect(c.code).toBe(1);
    expect(JSON.parse(c.out.join('\n'))).toMatchObject({ committed: false, errorCount: 1, errors: [{ sheet: name, message: expect.stringMatching(message) }] });
  });

  it('the fixtures are what they say: OLE compound files, the encrypted one holding an EncryptedPackage stream', () => {
    for (const name of ['password-protected.xlsx', 'libreoffice-excel97.xls']) expect(fixture(name).subarray(0, 4)).toEqual(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]));
    expect(Buffer.from(fixture('password-protected.xlsx')).includes(Buffer.from('EncryptedPackage', 'utf16le'))).toBe(true);
    expect(Buffer.from(fixture('libreoffice-excel97.xls')).includes(Buffer.from('Workbook', 'utf16le'))).toBe(true);
    expect(fs.existsSync(path.join(FIXTURES, 'make-fixtures.py'))).toBe(true);
  });

  it('stepwise import --json prints its result object for a missing or an empty file too (scripts parse stdout)', async () => {
    const { file: db } = await database();
    const dir = tempDir();
    const missing = path.join(dir, 'nope.xlsx');
    const m = await cli('import', missing, '--db', db, '--json');
    expect(m.code).toBe(1);
    expect(m.err).toEqual([`stepwise import: cannot read ${missing}: no such file`]);
    expect(JSON.parse(m.out.join('\n'))).toEqual({
      students: { added: 0, updated: 0 },
      exams: { added: 0, updated: 0 },
      practice: { added: 0, updated: 0 },
      warnings: [],
      errors: [{ sheet: 'nope.xlsx', row: null, column: null, message: `cannot read ${missing}: no such file` }],
      errorCount: 1,
      committed: false,
    });
    const empty = path.join(dir, 'empty.csv');
    fs.writeFileSync(empty, '');
    const e = await cli('import', empty, '--db', db, '--json');
    expect(e.code).toBe(1);
    expect(JSON.parse(e.out.join('\n'))).toMatchObject({ committed: false, errors: [{ sheet: 'empty.csv', message: `${empty} is empty` }] });
    // Without --json, one line on stderr and nothing on stdout, as before.
    expect(await cli('import', empty, '--db', db)).toEqual({ code: 1, out: [], err: [`stepwise import: ${empty} is empty`] });
  });
});

describe('a cell longer than its field holds', () => {
  it('is a located error that says the file must be fixed (nothing is cut short or kept)', async () => {
    const { ctx } = await database();
    const advisor = 'x'.repeat(2500);
    const r = await commit(ctx, new Uint8Array(Buffer.from(`Student ID,First name,Last name,Graduation year,Advisor\nS1,Ann,Lee,2027,${advisor}\n`)), 'roster.csv');
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([{ sheet: 'roster.csv', row: 2, column: 'Advisor', message: 'the text is 2,500 characters long, more than the 2,000 this field holds; shorten it and import the file again' }]);
  });
});

describe('a header that repeats', () => {
  it('keeps every column: the second "Meeting" is read as "Meeting (2)", with a warning naming the column', async () => {
    const { ctx, db } = await database();
    const csv = 'Student ID,First name,Last name,Graduation year,Meeting,Date,Meeting,Date\nS1,Ann,Lee,2027,Kickoff,2026-01-10,Mock interview,2026-02-20\n';
    const r = await commit(ctx, new Uint8Array(Buffer.from(csv)), 'meetings.csv');
    expect(r.committed).toBe(true);
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        { sheet: 'meetings.csv', row: 1, column: 'Meeting (2)', message: 'column G repeats the header "Meeting"; it is read as "Meeting (2)"' },
        { sheet: 'meetings.csv', row: 1, column: 'Date (2)', message: 'column H repeats the header "Date"; it is read as "Date (2)"' },
      ]),
    );
    const custom = JSON.parse(db.prepare(`SELECT custom_fields FROM students WHERE id = 'S1'`).pluck().get() as string) as Record<string, string>;
    expect(custom).toEqual({ Meeting: 'Kickoff', Date: '2026-01-10', 'Meeting (2)': 'Mock interview', 'Date (2)': '2026-02-20' });
  });
});

describe('stepwise import --dry-run', () => {
  it('lists every stored value that would change, old → new, and calls out a result reversed', async () => {
    const { ctx, file: db } = await database();
    const first = 'Student ID,First name,Last name,Graduation year,Step 1 Result,Step 1 Date,Step 2 CK Score,Step 2 CK Date\nS1,Ann,Lee,2027,Pass,2025-05-01,248,2026-03-01\n';
    expect((await commit(ctx, new Uint8Array(Buffer.from(first)), 'scores.csv')).committed).toBe(true);
    // The registrar's correction of the same dates: a CK score re-scored, a Step 1 result recorded wrongly.
    const dir = tempDir();
    const corrected = path.join(dir, 'corrected.csv');
    fs.writeFileSync(corrected, 'Student ID,First name,Last name,Graduation year,Step 1 Result,Step 1 Date,Step 2 CK Score,Step 2 CK Date\nS1,Ann,Lee,2027,Fail,2025-05-01,252,2026-03-01\n');
    const r = await cli('import', corrected, '--db', db, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toEqual([
      'Dry run, nothing written. The import would make: 0 students added, 0 updated; 0 exam attempts added, 2 updated; 0 practice exams added, 0 updated.',
      'Values that would change:',
      expect.stringMatching(/^ {2}corrected\.csv!2 S1 Step 1 2025-05-01: \S.* Pass → Fail \(the result is reversed\)$/),
      expect.stringMatching(/^ {2}corrected\.csv!2 S1 Step 2 CK 2026-03-01: \S.* 248 → 252$/),
    ]);
  });
});

describe('a second pass of the same Step', () => {
  it('is refused, naming the pass already recorded, whether it is in the database or earlier in the file', async () => {
    const { ctx } = await database();
    const header = 'Student ID,Exam,Date,Result,Score';
    const students = 'Student ID,First name,Last name,Graduation year\nS1,Ann,Lee,2027\n';
    const template = (exams: string) =>
      xlsx((wb) => {
        const [sh, ...srows] = students.trim().split('\n').map((l) => l.split(','));
        wb.addWorksheet('Students').addRows([sh, ...srows.map((r) => [r[0], r[1], r[2], Number(r[3])])]);
        wb.addWorksheet('Exams').addRows(exams.trim().split('\n').map((l) => l.split(',').map((c) => (c === '' ? null : c))));
      });
    const inFile = await commit(ctx, await template(`${header}\nS1,Step 1,2025-05-01,Pass,\nS1,Step 1,2025-09-01,Pass,\n`), 'two-passes.xlsx');
    expect(inFile.committed).toBe(false);
    expect(inFile.errors).toEqual([{ sheet: 'Exams', row: 3, column: 'Result', message: 'Step 1 is already passed on 2025-05-01; it can be passed only once, so this pass on 2025-09-01 is refused: correct its result or its date' }]);

    expect((await commit(ctx, await template(`${header}\nS1,Step 1,2025-05-01,Pass,\n`), 'first.xlsx')).committed).toBe(true);
    const later = await commit(ctx, await template(`${header}\nS1,Step 1,2026-01-10,Pass,\n`), 'later.xlsx');
    expect(later.errors).toEqual([{ sheet: 'Exams', row: 2, column: 'Result', message: 'Step 1 is already passed on 2025-05-01; it can be passed only once, so this pass on 2026-01-10 is refused: correct its result or its date' }]);
    // The same pass again (same date) is the same attempt: nothing to refuse, nothing changes.
    const again = await commit(ctx, await template(`${header}\nS1,Step 1,2025-05-01,Pass,\n`), 'again.xlsx');
    expect(again).toMatchObject({ committed: true, errors: [], exams: { added: 0, updated: 0 } });
  });
});

describe('columns a file does not have', () => {
  it('are named once for the sheet, not on every row; a score-only file updates known students and names an unknown ID once', async () => {
    const { ctx, db } = await database();
    const csv = (text: string) => new Uint8Array(Buffer.from(text));
    expect((await commit(ctx, csv('Student ID,First name,Last name,Graduation year\nS1,Ann,Lee,2027\nS2,Bo,Ma,2027\n'), 'roster.csv')).committed).toBe(true);

    // A score release: no profile columns at all. Known students are updated; an unknown ID is one located error.
    const release = 'Student ID,Step 2 CK Score,Step 2 CK Date\nS1,245,2026-03-01\nS2,250,2026-03-02\n';
    const ok = await commit(ctx, csv(release), 'release.csv');
    expect(ok).toMatchObject({ committed: true, errors: [], exams: { added: 2, updated: 0 } });
    const bad = await commit(ctx, csv(`${release}S9,230,2026-03-03\n`), 'release.csv');
    expect(bad.errors).toEqual([
      { sheet: 'release.csv', row: 4, column: 'Student ID', message: 'no student with ID S9 in Stepwise; a file without First name, Last name or Graduation year columns can only update students already recorded (check the ID, or import the student first)' },
    ]);

    // New students on a sheet whose class year is only in its title: one error for the sheet, naming them.
    const rows = Array.from({ length: 8 }, (_, i) => `N${i},First${i},Last${i}`).join('\n');
    const r = await commit(ctx, csv(`Student ID,First name,Last name\n${rows}\n`), 'class-of-2028.csv');
    expect(r.errors).toEqual([
      { sheet: 'class-of-2028.csv', row: 2, column: 'Student ID', message: '8 students N0, N1, N2, N3, N4 and 3 more are new, and the sheet has no Graduation year column, which a new student needs: add the column, or import these students from a file that has it' },
    ]);
    expect(db.prepare('SELECT count(*) FROM students').pluck().get()).toBe(2);
  });
});

describe('totals and summary rows', () => {
  it('are skipped with a warning naming the row, not a reason to reject the roster; a student without an ID is still an error', async () => {
    const { ctx, db } = await database();
    const csv = [
      'Student ID,First name,Last name,Graduation year,Step 2 CK Score,Step 2 CK Date',
      'S1,Ann,Lee,2027,240,2026-03-01',
      'S2,Bo,Ma,2027,252,2026-03-02',
      'TOTAL: 2 students,,,,avg 246,',
    ].join('\n');
    const r = await commit(ctx, new Uint8Array(Buffer.from(`${csv}\n`)), 'roster.csv');
    expect(r).toMatchObject({ committed: true, errors: [], students: { added: 2 } });
    expect(r.warnings).toContainEqual({ sheet: 'roster.csv', row: 4, column: null, message: 'row 4 looks like a totals or summary row ("TOTAL: 2 students … avg 246") and was not imported' });

    // An Excel table's total row: an AVERAGE with its cached value under the score column, nothing else.
    const table = await xlsx((wb) => {
      const ws = wb.addWorksheet('Roster');
      ws.addRows([['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 2 CK Score', 'Step 2 CK Date'], ['S3', 'Cy', 'Do', 2027, 230, '2026-03-03']]);
      ws.addRow([null, null, null, null, { formula: 'AVERAGE(E2:E2)', result: 230 }, null]);
    });
    const t = await commit(ctx, table, 'table.xlsx');
    expect(t).toMatchObject({ committed: true, errors: [] });
    expect(t.warnings).toContainEqual({ sheet: 'Roster', row: 3, column: null, message: 'row 3 looks like a totals or summary row ("230") and was not imported' });
    expect(db.prepare('SELECT count(*) FROM students').pluck().get()).toBe(3);

    const noId = await commit(ctx, new Uint8Array(Buffer.from('Student ID,First name,Last name,Graduation year\n,Dee,Eng,2027\n')), 'no-id.csv');
    expect(noId.errors).toEqual([{ sheet: 'no-id.csv', row: 2, column: 'Student ID', message: 'missing Student ID' }]);
  });
});

describe('a grouped two-row header', () => {
  it('is read as one header ("Step 1" merged over "Result | Date"), so no exam column goes unread', async () => {
    const file = path.join(tempDir(), 'grouped.xlsx');
    // As Excel users make it, written by openpyxl: the exam names merged over their parts.
    const py = `
import sys
from openpyxl import Workbook
wb = Workbook()
ws = wb.active
ws.title = 'Class of 2027'
ws.append(['Student ID', 'First name', 'Last name', 'Graduation year', 'Step 1', None, 'Step 2 CK', None])
ws.append([None, None, None, None, 'Result', 'Date', 'Score', 'Date'])
ws.merge_cells('E1:F1')
ws.merge_cells('G1:H1')
ws.append(['G1', 'Gil', 'Hart', 2027, 'Pass', '2025-05-02', 247, '2026-03-01'])
ws.append(['G2', 'Hope', 'Irwin', 2027, 'Fail', '2025-05-09', None, None])
wb.save(sys.argv[1])
`;
    const made = spawnSync(PYTHON, ['-c', py, file], { encoding: 'utf8' });
    expect(made.stderr).toBe('');
    const { ctx, db } = await database();
    const r = await commit(ctx, new Uint8Array(fs.readFileSync(file)), 'grouped.xlsx');
    expect(r.errors).toEqual([]);
    expect(r).toMatchObject({ committed: true, students: { added: 2 }, exams: { added: 3 } });
    expect(r.warnings).toContainEqual({ sheet: 'Class of 2027', row: 1, column: null, message: 'rows 1 and 2 are read together as one header ("Step 1 Result", "Step 1 Date", "Step 2 CK Score"…)' });
    expect(db.prepare('SELECT student_id, exam, test_date, outcome, score FROM exam_attempts ORDER BY student_id, exam').raw().all()).toEqual([
      ['G1', 'STEP1', '2025-05-02', 'PASS', null],
      ['G1', 'STEP2CK', '2026-03-01', null, 247],
      ['G2', 'STEP1', '2025-05-09', 'FAIL', null],
    ]);
  });
});

describe('words in score and result columns', () => {
  it('reads what is unambiguous and says what it read; anything else is an error that names the mapping that would fix it', async () => {
    const { ctx, db } = await database();
    const rows = [
      'Student ID,First name,Last name,Graduation year,Step 1 Score,Step 2 CK Score,Step 2 CK Date,Step 3',
      'S1,Ann,Lee,2027,Pass,TBD,,',
      'S2,Bo,Ma,2027,P,Pending,2026-03-01,',
      'S3,Cy,Do,2027,Pass (2025-06-15),not taken,,Pass (2026-05-01)',
    ];
    const r = await commit(ctx, new Uint8Array(Buffer.from(`${rows.join('\n')}\n`)), 'legacy.csv');
    expect(r.errors).toEqual([]);
    expect(r.warnings.filter((w) => w.row !== null).map((w) => [w.row, w.column, w.message])).toEqual([
      [2, 'Step 1 Score', '"Pass" in a score column was read as the result Pass'],
      [2, 'Step 2 CK Score', '"TBD" was read as no score yet'],
      [3, 'Step 1 Score', '"P" in a score column was read as the result Pass'],
      [3, 'Step 2 CK Score', '"Pending" in a score column was read as the result Pending'],
      [4, 'Step 1 Score', '"Pass (2025-06-15)" was read as the result Pass on 2025-06-15'],
      [4, 'Step 2 CK Score', '"not taken" was read as no score yet'],
      [4, 'Step 3', '"Pass (2026-05-01)" was read as the result Pass on 2026-05-01'],
    ]);
    expect(db.prepare('SELECT student_id, exam, test_date, outcome, score FROM exam_attempts ORDER BY student_id, exam').raw().all()).toEqual([
      ['S1', 'STEP1', null, 'PASS', null],
      ['S2', 'STEP1', null, 'PASS', null],
      ['S2', 'STEP2CK', '2026-03-01', 'PENDING', null],
      ['S3', 'STEP1', '2025-06-15', 'PASS', null],
      ['S3', 'STEP3', '2026-05-01', 'PASS', null],
    ]);
    const bad = await commit(ctx, new Uint8Array(Buffer.from('Student ID,First name,Last name,Graduation year,Step 1 Score\nS4,Di,Eu,2027,banana\n')), 'bad.csv');
    expect(bad.errors).toEqual([
      { sheet: 'bad.csv', row: 2, column: 'Step 1 Score', message: '"banana" is neither a score nor a result word (Pass, Fail, Incomplete, Scheduled, Pending); if the column holds results, map it as such (in the CLI: --map "Step 1 Score=step1.result")' },
    ]);
  });
});

describe('the roster on another tab than the first', () => {
  const workbook = () =>
    xlsx((wb) => {
      wb.addWorksheet('Instructions').addRows([['How to fill in this roster'], ['One row per student.'], ['Dates as YYYY-MM-DD.']]);
      wb.addWorksheet('Class of 2027').addRows([['Student ID', 'First name', 'Last name', 'Graduation year'], ['A1', 'Ann', 'Ames', 2027]]);
      wb.addWorksheet('Class of 2028').addRows([['Student ID', 'First name', 'Last name', 'Graduation year', 'Adviser'], ['B1', 'Bo', 'Byrd', 2028, 'Dr. Cole']]);
    });

  it('is found: the first sheet with a Student ID column; --sheet NAME picks another, and a Sheet!Header mapping applies to it', async () => {
    const { ctx, db, file: dbFile } = await database();
    const auto = await commit(ctx, await workbook(), 'roster.xlsx');
    expect(auto).toMatchObject({ committed: true, errors: [], students: { added: 1 } });
    expect(auto.warnings).toEqual(
      expect.arrayContaining([
        { sheet: 'Instructions', row: null, column: null, message: "sheet 'Instructions' is not read: it has no Student ID column in its first 10 rows (the roster is read from the first sheet that has one)" },
        { sheet: 'Class of 2028', row: null, column: null, message: "sheet 'Class of 2028' is not read (the roster is read from one sheet, 'Class of 2027')" },
      ]),
    );
    expect(db.prepare('SELECT id FROM students').pluck().all()).toEqual(['A1']);

    const file = path.join(tempDir(), 'roster.xlsx');
    fs.writeFileSync(file, await workbook());
    const picked = await cli('import', file, '--db', dbFile, '--sheet', 'class of 2028', '--map', 'Class of 2028!Adviser=advisor');
    // ("Instructions" is a sheet for people: not read, without a word.)
    expect(picked.err).toEqual(["warning: Class of 2027: sheet 'Class of 2027' is not read (the roster is read from the sheet named 'class of 2028')"]);
    expect(picked.code).toBe(0);
    expect(db.prepare(`SELECT id, advisor FROM students ORDER BY id`).raw().all()).toEqual([
      ['A1', null],
      ['B1', 'Dr. Cole'],
    ]);
    const missing = await cli('import', file, '--db', dbFile, '--sheet', 'Class of 2030');
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toBe("Class of 2030: the file has no sheet named 'Class of 2030' (its sheets: 'Instructions', 'Class of 2027', 'Class of 2028')");
  });
});
