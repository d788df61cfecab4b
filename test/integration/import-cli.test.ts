/** `stepwise import` and `stepwise template` as PRODUCT.md specifies them: output, exit status, nothing written when rejected. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main/cli';
import { tempDir } from '../helpers';
import { FIXTURES, xlsx } from './import-support';

const ROOT = path.resolve(import.meta.dirname, '../..');

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: { STEPWISE_ACTOR: 'cli-test' } });
  return { code, out, err };
}

function count(db: string, table: string): number {
  const d = new Database(db, { readonly: true });
  try {
    return (d.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    d.close();
  }
}

const fixturePath = (name: string) => path.join(FIXTURES, name);

describe('stepwise import', () => {
  it('imports, prints the counts, exits 0; warnings go to stderr', async () => {
    const db = path.join(tempDir(), 'cli.db');
    const r = await cli('import', fixturePath('openpyxl-template.xlsx'), '--db', db);
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['Imported: 3 students added, 0 updated; 7 exam attempts added, 0 updated; 3 practice exams added, 0 updated.']);
    expect(r.err).toEqual(["warning: Students, Pager: column 'Pager' kept as a custom field"]);
    expect(count(db, 'students')).toBe(3);
    const audit = new Database(db, { readonly: true });
    expect(audit.prepare(`SELECT DISTINCT actor, context FROM audit_log`).all()).toEqual([{ actor: 'cli-test', context: 'import openpyxl-template.xlsx' }]);
    audit.close();
  });

  it('prints the --json shape of PRODUCT.md', async () => {
    const db = path.join(tempDir(), 'cli.db');
    const r = await cli('import', fixturePath('openpyxl-roster.xlsx'), '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(r.out).toHaveLength(1);
    const json = JSON.parse(r.out[0]);
    expect(Object.keys(json)).toEqual(['students', 'exams', 'practice', 'warnings', 'errors', 'errorCount', 'committed']);
    expect(json).toMatchObject({ students: { added: 4, updated: 0 }, exams: { added: 9, updated: 0 }, practice: { added: 0, updated: 0 }, errors: [], errorCount: 0, committed: true });
    expect(json.warnings).toContainEqual({ sheet: 'Notes', row: null, column: null, message: "sheet 'Notes' is not read (the roster is read from one sheet, 'Class of 2027')" });
  });

  it('rejects a file with errors: one stderr line per error as Sheet!row, column: message, exit 1, nothing written', async () => {
    const db = path.join(tempDir(), 'cli.db');
    const r = await cli('import', fixturePath('openpyxl-errors.xlsx'), '--db', db);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([]);
    expect(r.err.slice(0, 3)).toEqual(['Students!3, Student ID: missing Student ID', 'Students!4, Student ID: Student ID S1 is also on row 2', 'Students!5, Graduation year: "next year" is not a year']);
    expect(r.err).toContain('Exams!3, Score: score 560 is off the USMLE scale 1–300');
    expect(r.err.at(-1)).toBe('stepwise import: rejected, 11 errors; nothing was written');
    expect(count(db, 'students')).toBe(0);
    expect(count(db, 'audit_log')).toBe(0);

    const json = await cli('import', fixturePath('openpyxl-errors.xlsx'), '--db', db, '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.out[0])).toMatchObject({ students: { added: 0, updated: 0 }, errorCount: 11, committed: false });
  });

  it('--dry-run says what would change and writes nothing', async () => {
    const db = path.join(tempDir(), 'cli.db');
    const r = await cli('import', fixturePath('openpyxl-template.xlsx'), '--db', db, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toEqual(['Dry run, nothing written. The import would make: 3 students added, 0 updated; 7 exam attempts added, 0 updated; 3 practice exams added, 0 updated.']);
    expect(count(db, 'students')).toBe(0);
  });

  it('--map "Header=field" (repeatable, optionally Sheet!Header) overrides the detected mapping', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'export.xlsx');
    fs.writeFileSync(
      file,
      await xlsx((wb) => {
        const ws = wb.addWorksheet('Export');
        ws.addRow(['Learner', 'First name', 'Last name', 'Cohort', 'Cell']);
        ws.addRow(['M1', 'Mo', 'Ng', 2027, '555-0100']);
      }),
    );
    const db = path.join(dir, 'cli.db');
    expect((await cli('import', file, '--db', db)).code).toBe(1);
    const r = await cli('import', file, '--db', db, '--map', 'Learner=studentId', '--map', 'Export!Cell=Notes');
    expect(r).toMatchObject({ code: 0, err: [] });
    const d = new Database(db, { readonly: true });
    expect(d.prepare('SELECT id, notes, custom_fields FROM students').all()).toEqual([{ id: 'M1', notes: '555-0100', custom_fields: '{}' }]);
    d.close();
  });

  it('usage errors exit 2; a missing file exits 1', async () => {
    const db = path.join(tempDir(), 'cli.db');
    expect(await cli('import', '--db', db)).toMatchObject({ code: 2, err: ['stepwise import: missing argument', 'Usage: stepwise import FILE [--db PATH] [--dry-run] [--json] [--sheet NAME] [--date-order mdy|dmy] [--map "[Sheet!]Header=field"]...'] });
    expect((await cli('import', fixturePath('openpyxl-template.xlsx'), '--db', db, '--map', 'no-equals-sign')).err[0]).toBe('stepwise import: --map expects "Header=field", got "no-equals-sign"');
    expect(await cli('import', path.join(FIXTURES, 'nope.xlsx'), '--db', db)).toMatchObject({ code: 1, err: [`stepwise import: cannot read ${path.join(FIXTURES, 'nope.xlsx')}: no such file`] });
  });

  it('runs as the installed command too', () => {
    const db = path.join(tempDir(), 'bin.db');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'stepwise.js'), 'import', fixturePath('openpyxl-errors.xlsx'), '--db', db], { cwd: ROOT, encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe('Students!3, Student ID: missing Student ID');
  });
});

describe('stepwise template', () => {
  it('writes the empty template, which imports as nothing', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'template.xlsx');
    const r = await cli('template', '--out', out);
    expect(r).toEqual({ code: 0, out: [`Wrote an empty import template to ${out}`], err: [] });
    expect(fs.readFileSync(out).subarray(0, 2).toString()).toBe('PK');
    const db = path.join(dir, 'cli.db');
    expect(await cli('import', out, '--db', db, '--json')).toMatchObject({ code: 0 });
  });

  it('needs --out naming an .xlsx in an existing folder', async () => {
    expect((await cli('template')).code).toBe(2);
    expect((await cli('template', '--out', path.join(tempDir(), 'template.csv'))).err[0]).toMatch(/--out must name an \.xlsx file/);
    expect((await cli('template', '--out', path.join(tempDir(), 'missing', 'template.xlsx'))).err[0]).toMatch(/--out: the folder .* does not exist/);
  });
});
