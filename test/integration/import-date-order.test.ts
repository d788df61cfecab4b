/**
 * Day/month text dates judged by their whole column, not cell by cell (issue 13, item 5). A column
 * where one date reads only as day/month (25/06/2025) is day/month throughout, the ambiguous dates
 * above that cell included (the file is read again for them); a column where every date reads
 * either way is read month/day with a warning naming it and the option; the date order chosen by
 * the advisor (import page, `--date-order`) decides every column, and a date it cannot read is a
 * located error. Files are CSV as an SIS exports them, and a workbook of text dates from openpyxl.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { tempDir } from '../helpers';
import { attempts, commit, csv, freshDatabases, openpyxlWorkbook, preview, students } from './import-support';

const database = freshDatabases();

const HEAD = 'Student ID,First name,Last name,Graduation year,Step 1 Result,Step 1 Date,Step 2 CK Score,Step 2 CK Date\n';

/** An office in the UK or Canada: the ambiguous dates come first, the one that decides on the last row. */
const DAY_MONTH = csv(`${HEAD}D1,Ann,Ash,2027,Pass,01/07/2025,,\nD2,Bo,Birch,2027,Pass,03/04/2025,250,05/02/2026\nD3,Cy,Cedar,2027,Fail,25/06/2025,,\n`);

/** Every date reads either way. */
const AMBIGUOUS = csv(`${HEAD}A1,Ann,Ash,2027,Pass,01/07/2025,,\nA2,Bo,Birch,2027,Pass,03/04/2025,,\n`);

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test' } });
  return { code, out, err };
}

describe('a column of text dates is read in one order', () => {
  it('one date that reads only as day/month makes the whole column day/month, the rows above it included', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, DAY_MONTH, 'uk.csv');
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    expect(attempts(db)).toEqual([
      ['D1', 'STEP1', '2025-07-01', 'PASS', null, null],
      ['D2', 'STEP1', '2025-04-03', 'PASS', null, null],
      // Its own column, where nothing decides: month/day, with a warning.
      ['D2', 'STEP2CK', '2026-05-02', null, 250, null],
      ['D3', 'STEP1', '2025-06-25', 'FAIL', null, null],
    ]);
    expect(r.warnings).toEqual([
      {
        sheet: 'uk.csv',
        row: 3,
        column: 'Step 2 CK Date',
        message:
          'the date "05/02/2026" reads either way and no date in the column decides: read as month/day/year ("05/02/2026" is 2026-05-02); if it is day/month/year, choose that date order (Date order on the import page; in the CLI: --date-order dmy)',
      },
      {
        sheet: 'uk.csv',
        row: 4,
        column: 'Step 1 Date',
        message:
          'the column\'s dates are read as day/month/year: row 4 holds "25/06/2025", which reads only that way, so "01/07/2025" (row 2) is 2025-07-01; if they are month/day/year, correct that cell, or choose the date order month/day/year (Date order on the import page; in the CLI: --date-order mdy)',
      },
    ]);
  });

  it('with day/month chosen, every column is read so, and nothing needs a warning', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, DAY_MONTH, 'uk.csv', { dateOrder: 'dmy' });
    expect(r.errors).toEqual([]);
    expect(r.warnings).toEqual([]);
    expect(attempts(db).map((a) => a[2])).toEqual(['2025-07-01', '2025-04-03', '2026-02-05', '2025-06-25']);
  });

  it('a column where every date reads either way is read month/day, with one warning naming the column and the option', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, AMBIGUOUS, 'us.csv');
    expect(r.errors).toEqual([]);
    expect(attempts(db).map((a) => a[2])).toEqual(['2025-01-07', '2025-03-04']);
    expect(r.warnings).toEqual([
      {
        sheet: 'us.csv',
        row: 2,
        column: 'Step 1 Date',
        message:
          '2 dates, such as "01/07/2025" (row 2), read either way and no date in the column decides: read as month/day/year ("01/07/2025" is 2025-01-07); if they are day/month/year, choose that date order (Date order on the import page; in the CLI: --date-order dmy)',
      },
    ]);
  });

  it('the order chosen decides every column, and a date it cannot read is an error at its cell, naming the other order', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, DAY_MONTH, 'uk.csv', { dateOrder: 'mdy' });
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([
      {
        sheet: 'uk.csv',
        row: 4,
        column: 'Step 1 Date',
        message: '"25/06/2025" is not a month/day/year date, the date order chosen for this import; it reads only as day/month/year (2025-06-25): correct it, or choose the date order day/month/year',
      },
    ]);
    expect(students(db)).toEqual([]);
  });

  it('dates of both orders in one column are an error at the one that disagrees with the first', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, csv(`${HEAD}X1,Ann,Ash,2027,Pass,25/06/2025,,\nX2,Bo,Birch,2027,Pass,06/26/2025,,\n`), 'mixed.csv');
    expect(r.errors).toEqual([
      {
        sheet: 'mixed.csv',
        row: 3,
        column: 'Step 1 Date',
        message: '"06/26/2025" reads only as month/day/year, but this column\'s dates are day/month/year (row 2: "25/06/2025"); correct one of them, or write the dates as YYYY-MM-DD',
      },
    ]);
    expect(students(db)).toEqual([]);
  });

  it('each column is judged on its own, in a workbook of text dates too (a template\'s Exams sheet and a practice sheet)', async () => {
    const { ctx, db } = await database();
    const bytes = openpyxlWorkbook(`
st = wb.active
st.title = 'Students'
st.append(['Student ID', 'First name', 'Last name', 'Graduation year'])
st.append(['W1', 'Wu', 'Lin', 2027])
ex = wb.create_sheet('Exams')
ex.append(['Student ID', 'Exam', 'Date', 'Result', 'Score'])
ex.append(['W1', 'Step 1', '02/03/2025', 'Fail', None])
ex.append(['W1', 'Step 1', '14/05/2025', 'Pass', None])
pr = wb.create_sheet('Practice')
pr.append(['Student ID', 'Exam', 'Form', 'Date', 'Score'])
pr.append(['W1', 'Step 2 CK', 'NBME 13', '04/02/2026', 230])
pr.append(['W1', 'Step 2 CK', 'NBME 14', '04/20/2026', 238])
`);
    const r = await commit(ctx, bytes, 'template.xlsx');
    expect(r.errors).toEqual([]);
    expect(attempts(db)).toEqual([
      ['W1', 'STEP1', '2025-03-02', 'FAIL', null, null],
      ['W1', 'STEP1', '2025-05-14', 'PASS', null, null],
    ]);
    // The practice column's 04/20/2026 reads only month/day: 04/02/2026 there is April 2, without a word.
    expect((db.prepare('SELECT form, taken_on FROM practice_exams ORDER BY taken_on').all() as { form: string; taken_on: string }[]).map((p) => [p.form, p.taken_on])).toEqual([
      ['NBME 13', '2026-04-02'],
      ['NBME 14', '2026-04-20'],
    ]);
    expect(r.warnings.map((w) => [w.sheet, w.row, w.column])).toEqual([['Exams', 3, 'Date']]);
  });

  it('the preview says the same as the commit (the page shows what will be imported)', async () => {
    const { ctx } = await database();
    const p = await preview(ctx, DAY_MONTH, 'uk.csv');
    expect(p.errors).toEqual([]);
    expect(p.changes.newAttempts.map((a) => a.testDate)).toEqual(['2025-07-01', '2025-04-03', '2026-05-02', '2025-06-25']);
    expect(p.warnings.map((w) => w.column)).toEqual(['Step 2 CK Date', 'Step 1 Date']);
  });
});

describe('stepwise import --date-order', () => {
  it('reads the file in the order given; anything but mdy or dmy is a usage error', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'uk.csv');
    fs.writeFileSync(file, AMBIGUOUS);
    const db = path.join(dir, 'cli.db');
    const r = await cli('import', file, '--db', db, '--date-order', 'dmy', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out[0])).toMatchObject({ exams: { added: 2 }, warnings: [], errors: [] });
    const bad = await cli('import', file, '--db', db, '--date-order', 'ymd');
    expect(bad.code).toBe(2);
    expect(bad.err[0]).toBe('stepwise import: --date-order expects mdy (month/day/year: 07/01/2025 is July 1) or dmy (day/month/year: 01/07/2025 is July 1), got "ymd"');

    const again = await cli('import', file, '--db', path.join(dir, 'other.db'));
    expect(again.code).toBe(0);
    expect(again.err).toEqual([
      'warning: uk.csv!2, Step 1 Date: 2 dates, such as "01/07/2025" (row 2), read either way and no date in the column decides: read as month/day/year ("01/07/2025" is 2025-01-07); if they are day/month/year, choose that date order (Date order on the import page; in the CLI: --date-order dmy)',
    ]);
  });
});
