/**
 * A registrar's web page saved as .xls (issue 13, item 12): read as a roster, the page's first
 * table with a Student ID header, every cell its text (leading zeros kept), rows numbered as the
 * table's rows, with the same mapping, warnings and errors as any other file; the import page (the
 * handler) and the CLI say the same. Pages are written as SIS exports and Excel's "Web Page" save
 * write them: a byte-order mark or Windows-1252, a layout table first, <thead>/<th>, entities,
 * line breaks and a spanning title row in cells.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { tempDir } from '../helpers';
import { attempts, commit, freshDatabases, students } from './import-support';

const database = freshDatabases();

const REGISTRAR_PAGE = `\uFEFF<!DOCTYPE html>
<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>Class roster</title>
<style>td { mso-number-format:"\\@"; }</style></head>
<body>
<table class="layout"><tr><td><img src="logo.png"> Office of the Registrar</td><td>Printed 2026-07-01</td></tr></table>
<table border="1">
<thead>
<tr><th colspan="6">Class of 2027 &mdash; board exams</th></tr>
<tr><th>Student ID</th><th>Last name</th><th>First name</th><th>Class of</th><th>Step 1 Result</th><th>Step 1 Date</th><th>Advisor</th></tr>
</thead>
<tbody>
<tr><td>00123</td><td>O&#39;Neil</td><td>Ann</td><td>2027</td><td>Pass</td><td>2025-05-02</td><td>Dr. Kim<br>(interim)</td></tr>
<tr><td>00456</td><td>Ruiz &amp; Ortega</td><td>Bo</td><td>2027</td><td></td><td></td><td>  Dr.&nbsp;Lee  </td></tr>
</tbody>
</table>
</body></html>
`;

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test' } });
  return { code, out, err };
}

const page = (html: string) => new Uint8Array(Buffer.from(html));

describe('a web page saved as .xls', () => {
  it('is read from its first table with a Student ID header: leading zeros kept, entities and line breaks as the page shows them', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, page(REGISTRAR_PAGE), 'roster.xls');
    expect(r.errors).toEqual([]);
    expect(r.committed).toBe(true);
    expect(r.warnings).toEqual([
      { sheet: '', row: null, column: null, message: 'roster.xls is a web page (HTML); its first Student ID table was read (1 other table on the page was not)' },
      { sheet: 'roster.xls', row: 1, column: null, message: 'row 1 above the header row 2 was not read' },
    ]);
    expect(students(db).map((s) => [s.id, s.first_name, s.last_name, s.grad_year, s.advisor])).toEqual([
      ['00123', 'Ann', "O'Neil", 2027, 'Dr. Kim\n(interim)'],
      ['00456', 'Bo', 'Ruiz & Ortega', 2027, 'Dr. Lee'],
    ]);
    expect(attempts(db)).toEqual([['00123', 'STEP1', '2025-05-02', 'PASS', null, null]]);
  });

  it('errors are located at the table row, as for any file, and nothing is written; the CLI says the same', async () => {
    const { ctx, db, file: dbFile } = await database();
    const html = REGISTRAR_PAGE.replace('<td>2027</td><td></td>', '<td>next year</td><td></td>');
    const r = await commit(ctx, page(html), 'roster.xls');
    expect(r.errors).toEqual([{ sheet: 'roster.xls', row: 4, column: 'Class of', message: '"next year" is not a year' }]);
    expect(students(db)).toEqual([]);

    const file = path.join(tempDir(), 'roster.xls');
    fs.writeFileSync(file, html);
    const c = await cli('import', file, '--db', dbFile);
    expect(c.code).toBe(1);
    expect(c.err).toEqual([
      'roster.xls!4, Class of: "next year" is not a year',
      'warning: roster.xls is a web page (HTML); its first Student ID table was read (1 other table on the page was not)',
      'warning: roster.xls!1: row 1 above the header row 2 was not read',
      'stepwise import: rejected, 1 error; nothing was written',
    ]);
  });

  it('Excel\'s "Web Page" save in Windows-1252 reads its accented names', async () => {
    const { ctx, db } = await database();
    const html = '<html><body><table><tr><td>Student ID</td><td>First name</td><td>Last name</td><td>Graduation year</td></tr><tr><td>W1</td><td>Zoë</td><td>Núñez</td><td>2028</td></tr></table></body></html>';
    const r = await commit(ctx, new Uint8Array(Buffer.from(html, 'latin1')), 'export.xls');
    expect(r.errors).toEqual([]);
    expect(students(db).map((s) => [s.id, s.first_name, s.last_name])).toEqual([['W1', 'Zoë', 'Núñez']]);
  });

  it('a page with no table is refused, saying what it is and what to do', async () => {
    const { ctx, db } = await database();
    const r = await commit(ctx, page('<!DOCTYPE html><html><body><p>Session expired. Please log in again.</p></body></html>'), 'roster.xls');
    expect(r.errors).toEqual([
      { sheet: 'roster.xls', row: null, column: null, message: 'roster.xls is a web page (HTML) with no table in it; open it in Excel and save it as .xlsx (or as CSV), then import that' },
    ]);
    expect(students(db)).toEqual([]);
  });

  it('a page whose tables have no Student ID column is read from its first table, and the missing column is the error', async () => {
    const { ctx } = await database();
    const r = await commit(ctx, page('<table><tr><th>Name</th><th>Room</th></tr><tr><td>Ann Lee</td><td>B12</td></tr></table>'), 'rooms.html');
    expect(r.committed).toBe(false);
    expect(r.errors).toEqual([{ sheet: 'rooms.html', row: 1, column: null, message: 'no Student ID column: name one "Student ID", or map a column to studentId' }]);
  });
});
