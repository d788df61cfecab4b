/** Shared by the import tests: run an import through the real dispatcher and read back what the database holds. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach } from 'vitest';
import type { ImportInput, ImportPreview, ImportResult } from '../../src/shared/api';
import type { Db } from '../../src/main/db/open';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { tempDatabase, tempDir } from '../helpers';

export const FIXTURES = path.join(import.meta.dirname, '..', 'fixtures', 'import');

export function fixture(name: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(fs.readFileSync(path.join(FIXTURES, name)));
}

/** A date used as "today" by tests, so a dated exam with no result is judged the same on any day. */
export const AS_OF = '2026-07-01';

type Options = Partial<Omit<ImportInput, 'file' | 'fileName'>>;

export async function commit(ctx: HandlerContext, file: Uint8Array<ArrayBuffer>, fileName: string, options: Options = {}): Promise<ImportResult> {
  const r = await invoke(ctx, 'import.commit', { file, fileName, asOf: AS_OF, ...options });
  if (!r.ok) throw new Error(`import.commit failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

export async function preview(ctx: HandlerContext, file: Uint8Array<ArrayBuffer>, fileName: string, options: Options = {}): Promise<ImportPreview> {
  const r = await invoke(ctx, 'import.preview', { file, fileName, asOf: AS_OF, ...options });
  if (!r.ok) throw new Error(`import.preview failed: ${r.error.code} ${r.error.message}`);
  return r.value;
}

export async function xlsx(build: (wb: ExcelJS.Workbook) => void): Promise<Uint8Array<ArrayBuffer>> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
}

export function csv(text: string, { bom = false, crlf = false }: { bom?: boolean; crlf?: boolean } = {}): Uint8Array<ArrayBuffer> {
  const body = Buffer.from(crlf ? text.replace(/\r?\n/g, '\r\n') : text, 'utf8');
  return new Uint8Array(bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body);
}

export function students(db: Db) {
  return db.prepare(`SELECT id, first_name, last_name, email, grad_year, applicant_type, target_specialty, backup_specialty, advisor, usce_months, us_letters, step1_deadline, notes, custom_fields FROM students ORDER BY id`).all() as Record<string, unknown>[];
}

export function attempts(db: Db) {
  return (db.prepare(`SELECT student_id, exam, test_date, outcome, score, attempt_order FROM exam_attempts ORDER BY student_id, exam, test_date IS NOT NULL, test_date, attempt_order`).all() as Record<string, unknown>[]).map(
    (r) => [r.student_id, r.exam, r.test_date, r.outcome, r.score, r.attempt_order],
  );
}

export function practice(db: Db) {
  return (db.prepare(`SELECT student_id, exam, form, taken_on, score, pass_probability FROM practice_exams ORDER BY student_id, taken_on, form`).all() as Record<string, unknown>[]).map(
    (r) => [r.student_id, r.exam, r.form, r.taken_on, r.score, r.pass_probability],
  );
}

/** Every row of every table the import may touch, for "exactly as before" comparisons. */
export function snapshot(db: Db) {
  const all = (table: string) => db.prepare(`SELECT * FROM ${table} ORDER BY 1`).all();
  return { students: all('students'), attempts: all('exam_attempts'), practice: all('practice_exams'), audit: all('audit_log') };
}

export function auditCount(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;
}

/** A fresh database (a real SQLite file) for each call, closed after the test that made it. Call once, at a test file's top level. */
export function freshDatabases(): () => ReturnType<typeof tempDatabase> {
  const open: Db[] = [];
  afterEach(() => {
    while (open.length) open.pop()!.close();
  });
  return async () => {
    const t = await tempDatabase();
    open.push(t.db);
    return t;
  };
}

/**
 * A workbook written by openpyxl, as scripts and pandas write them: `script` is Python that builds
 * `wb` (openpyxl's Workbook and datetime as dt are imported); the file's bytes come back.
 */
export function openpyxlWorkbook(script: string): Uint8Array<ArrayBuffer> {
  const file = path.join(tempDir(), 'book.xlsx');
  const py = `import sys, datetime as dt\nfrom openpyxl import Workbook\nwb = Workbook()\n${script}\nwb.save(sys.argv[1])\n`;
  const made = spawnSync(fs.existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3', ['-c', py, file], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`openpyxl could not write the workbook: ${made.stderr}`);
  return new Uint8Array(fs.readFileSync(file));
}
