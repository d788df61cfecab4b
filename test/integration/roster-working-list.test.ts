import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import type { HandlerContext } from '../../src/main/handlers/context';
import { ROSTER_EXPORT_COLUMNS, ROSTER_HEADER_ROW } from '../../src/main/reports/roster-workbook';
import { FLAG_CODES } from '../../src/shared/domain';
import type { HandlerName, InputOf, OutputOf } from '../../src/shared/api';
import { flagTitle } from '../../src/shared/rules/catalogue';
import { tempDatabase } from '../helpers';

/** The roster as a working list: search as displayed, select all, export to .xlsx, bulk edits (real SQLite, real workbooks). */
const AS_OF = '2026-11-26';
let db: Db;
let ctx: HandlerContext;
beforeAll(async () => {
  ({ db, ctx } = await tempDatabase());
  loadDemoCohort(db, { students: 400, seed: 33, asOf: AS_OF }, { actor: 'seed', context: 'demo cohort' });
});
afterAll(() => db.close());

async function call<K extends HandlerName>(name: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const r = await invoke(ctx, name, input);
  if (!r.ok) throw new Error(JSON.stringify(r.error));
  return r.value;
}

async function refused<K extends HandlerName>(name: K, input: InputOf<K>) {
  const r = await invoke(ctx, name, input);
  if (r.ok) throw new Error(`${name} was accepted`);
  return r.error;
}

/** Every row of a view through the roster's own paging, as the grid reads it. */
async function listed(input: InputOf<'students.list'>) {
  const rows: OutputOf<'students.list'>['rows'] = [];
  for (let offset = 0; ; offset += 150) {
    const page = await call('students.list', { ...input, asOf: AS_OF, offset, limit: 150 });
    rows.push(...page.rows);
    if (offset + 150 >= page.total) return rows;
  }
}

async function readWorkbook(bytes: Uint8Array) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb.getWorksheet('Roster')!;
}

function auditRows(where: string) {
  return db.prepare(`SELECT actor, action, entity, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, context FROM audit_log WHERE ${where} ORDER BY id`).all() as Record<string, string | null>[];
}

describe('roster search', () => {
  it('finds a student written as the roster shows the name, as spoken, surname first without the comma, with stray spaces', async () => {
    const s = db.prepare(`SELECT id, first_name AS first, last_name AS last FROM students WHERE id = 'S00137'`).get() as { id: string; first: string; last: string };
    const expected = (pattern: string, expr: string) =>
      (db.prepare(`SELECT id FROM students WHERE ${expr} LIKE ? ORDER BY id`).all(`%${pattern}%`) as { id: string }[]).map((r) => r.id);
    for (const [typed, normal, expr] of [
      [`${s.last}, ${s.first}`, `${s.last}, ${s.first}`, `last_name || ', ' || first_name`],
      [`  ${s.last} ,${s.first} `, `${s.last}, ${s.first}`, `last_name || ', ' || first_name`],
      [`${s.first}   ${s.last}`, `${s.first} ${s.last}`, `first_name || ' ' || last_name`],
      [`${s.last} ${s.first}`, `${s.last} ${s.first}`, `last_name || ' ' || first_name`],
    ]) {
      const found = (await listed({ search: typed, sort: 'id' })).map((r) => r.id);
      expect(found, typed).toContain(s.id);
      // Nothing else than what the display form matches: the search widens the forms, not the matching.
      expect(found, typed).toEqual(expected(normal, expr));
      // The same on the path that sorts on the rules' conclusions.
      expect((await listed({ search: typed, sort: 'id', risk: ['critical', 'high', 'medium', 'low', 'none'] })).map((r) => r.id), typed).toEqual(found);
    }
  });
});

describe('select all and export', () => {
  it('roster.ids lists exactly the students of the view, in its order', async () => {
    const view = { gradYears: [2027], risk: ['critical', 'high'] as ('critical' | 'high')[], sort: 'risk' as const, asOf: AS_OF };
    const { ids } = await call('roster.ids', view);
    expect(ids.length).toBeGreaterThan(3);
    expect(ids).toEqual((await listed(view)).map((r) => r.id));
  });

  it('exports exactly the filtered rows, in the view order, with flags in words and real dates', async () => {
    const advisor = (db.prepare(`SELECT advisor FROM students WHERE advisor IS NOT NULL GROUP BY advisor ORDER BY count(*) DESC LIMIT 1`).get() as { advisor: string }).advisor;
    const view = { gradYears: [2027], advisor, sort: 'ckDate' as const, direction: 'desc' as const, asOf: AS_OF };
    const rows = await listed(view);
    expect(rows.length).toBeGreaterThan(3);
    const out = await call('roster.export', view);
    expect(out.rows).toBe(rows.length);
    expect(out.fileName).toBe(`stepwise-roster-${AS_OF}.xlsx`);
    const ws = await readWorkbook(out.bytes);
    expect(String(ws.getCell(1, 1).value)).toBe(`Roster: Class of 2027; Advisor: ${advisor}`);
    expect(String(ws.getCell(2, 1).value)).toContain(`${rows.length} students; risk and exam status as of ${AS_OF}; exported`);
    expect(String(ws.getCell(2, 1).value)).toContain('by test-advisor');
    expect((ws.getRow(ROSTER_HEADER_ROW).values as unknown[]).slice(1)).toEqual(ROSTER_EXPORT_COLUMNS.map((c) => c.header));
    expect(ws.rowCount).toBe(ROSTER_HEADER_ROW + rows.length);
    const col = (name: string) => ROSTER_EXPORT_COLUMNS.findIndex((c) => c.header === name) + 1;
    rows.forEach((r, i) => {
      const row = ws.getRow(ROSTER_HEADER_ROW + 1 + i);
      expect(row.getCell(col('Student ID')).value).toBe(r.id);
      expect(row.getCell(col('Last name')).value).toBe(r.lastName);
      expect(row.getCell(col('Advisor')).value).toBe(advisor);
      expect(row.getCell(col('Flags')).value ?? '').toBe(r.flags.map(flagTitle).join('; '));
      expect(row.getCell(col('Step 2 CK score')).value ?? null).toBe(r.ckScore);
      const date = row.getCell(col('Step 2 CK date')).value;
      if (r.ckDate) expect((date as Date).toISOString().slice(0, 10)).toBe(r.ckDate);
      else expect(date ?? null).toBeNull();
    });
    // Flag codes stay out of the sheet: a committee reads titles.
    const text = JSON.stringify(ws.getSheetValues());
    for (const code of FLAG_CODES) expect(text).not.toContain(code);
    expect(rows.some((r) => r.flags.length > 0)).toBe(true);
  });

  it('exports the selection: exactly those students in the view order, and refuses an ID that is no student', async () => {
    const all = await listed({ sort: 'name', asOf: AS_OF });
    const chosen = [all[40].id, all[3].id, all[17].id];
    const out = await call('roster.export', { sort: 'name', asOf: AS_OF, ids: chosen, gradYears: [1999] });
    const ws = await readWorkbook(out.bytes);
    expect(out.rows).toBe(3);
    expect(String(ws.getCell(1, 1).value)).toBe('Roster: 3 selected students');
    expect([1, 2, 3].map((i) => ws.getRow(ROSTER_HEADER_ROW + i).getCell(1).value)).toEqual([all[3].id, all[17].id, all[40].id]);
    const error = await refused('roster.export', { asOf: AS_OF, ids: [all[3].id, 'NOPE-1'] });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toContain('NOPE-1');
  });

  it('a name that looks like a formula lands as text', async () => {
    db.prepare(`UPDATE students SET last_name = '=HYPERLINK("http://x","y")' WHERE id = 'S00005'`).run();
    const out = await call('roster.export', { search: 'S00005', asOf: AS_OF });
    const ws = await readWorkbook(out.bytes);
    expect(ws.getRow(ROSTER_HEADER_ROW + 1).getCell(2).value).toBe('=HYPERLINK("http://x","y")');
    expect(ws.getRow(ROSTER_HEADER_ROW + 1).getCell(2).formula).toBeUndefined();
  });
});

describe('bulk actions on a selection', () => {
  it('reassigns the advisor in one transaction, auditing each change like the student page, skipping students already assigned', async () => {
    const ids = (db.prepare(`SELECT id FROM students WHERE advisor IS NOT NULL ORDER BY id LIMIT 4`).all() as { id: string }[]).map((r) => r.id);
    db.prepare(`UPDATE students SET advisor = 'Dr. Okafor' WHERE id = ?`).run(ids[3]);
    const before = new Map((db.prepare(`SELECT id, advisor FROM students WHERE id IN (${ids.map(() => '?').join(',')})`).all(...ids) as { id: string; advisor: string }[]).map((r) => [r.id, r.advisor]));
    const since = (db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
    expect(await call('roster.assignAdvisor', { ids, advisor: 'Dr. Okafor' })).toEqual({ changed: 3, unchanged: 1 });
    expect(db.prepare(`SELECT count(*) AS n FROM students WHERE advisor = 'Dr. Okafor' AND id IN (${ids.map(() => '?').join(',')})`).get(...ids)).toEqual({ n: 4 });
    expect(auditRows(`id > ${since}`)).toEqual(
      ids.slice(0, 3).map((id) => ({ actor: 'test-advisor', action: 'update', entity: 'student', entityId: id, field: 'advisor', oldValue: before.get(id), newValue: 'Dr. Okafor', context: 'roster selection' })),
    );
  });

  it('changes no one when one of the selected IDs is no student', async () => {
    const ids = ['S00010', 'S00011', 'GONE-9'];
    const since = (db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
    const error = await refused('roster.assignAdvisor', { ids, advisor: 'Dr. Nobody' });
    expect(error.code).toBe('NOT_FOUND');
    expect(error.message).toBe('No student with ID GONE-9; nothing was changed');
    expect(db.prepare(`SELECT count(*) AS n FROM students WHERE advisor = 'Dr. Nobody'`).get()).toEqual({ n: 0 });
    expect(auditRows(`id > ${since}`)).toEqual([]);
    expect((await refused('roster.addNote', { ids, body: 'x', followUpDate: null })).code).toBe('NOT_FOUND');
    expect(db.prepare(`SELECT count(*) AS n FROM advising_notes WHERE body = 'x'`).get()).toEqual({ n: 0 });
  });

  it('rolls back every student when a write fails part-way', async () => {
    const ids = ['S00020', 'S00021', 'S00022'];
    // A trigger stands in for a disk or constraint failure on the third student.
    db.exec(`CREATE TEMP TRIGGER fail_third BEFORE UPDATE OF advisor ON students WHEN NEW.id = 'S00022' BEGIN SELECT RAISE(ABORT, 'disk says no'); END`);
    try {
      const since = (db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
      const error = await refused('roster.assignAdvisor', { ids, advisor: 'Dr. Halfway' });
      expect(error.message).toContain('disk says no');
      expect(db.prepare(`SELECT count(*) AS n FROM students WHERE advisor = 'Dr. Halfway'`).get()).toEqual({ n: 0 });
      expect(auditRows(`id > ${since}`)).toEqual([]);
    } finally {
      db.exec('DROP TRIGGER temp.fail_third');
    }
  });

  it('adds the same note to each selected student, signed and audited per note', async () => {
    const ids = ['S00030', 'S00031', 'S00032', 'S00030'];
    const since = (db.prepare('SELECT max(id) AS n FROM audit_log').get() as { n: number }).n;
    expect(await call('roster.addNote', { ids, body: 'Class meeting on CK timing', followUpDate: '2026-12-10' })).toEqual({ changed: 3, unchanged: 0 });
    const notes = db.prepare(`SELECT id, student_id AS studentId, author, follow_up_date AS followUp FROM advising_notes WHERE body = 'Class meeting on CK timing' ORDER BY student_id`).all() as {
      id: number;
      studentId: string;
      author: string;
      followUp: string;
    }[];
    expect(notes.map((n) => [n.studentId, n.author, n.followUp])).toEqual([
      ['S00030', 'test-advisor', '2026-12-10'],
      ['S00031', 'test-advisor', '2026-12-10'],
      ['S00032', 'test-advisor', '2026-12-10'],
    ]);
    const audit = auditRows(`id > ${since}`);
    expect(audit.map((a) => [a.action, a.entity, a.entityId, a.context])).toEqual(notes.map((n) => ['insert', 'advising_note', String(n.id), 'roster selection']));
    expect(JSON.parse(audit[0].newValue!)).toEqual({ studentId: 'S00030', body: 'Class meeting on CK timing', followUpDate: '2026-12-10' });
    // The follow-up reaches the dashboard's list like any note's.
    const followUps = await call('dashboard.followUps', { asOf: AS_OF });
    expect(followUps.filter((f) => f.text === 'Class meeting on CK timing').map((f) => f.studentId).sort()).toEqual(['S00030', 'S00031', 'S00032']);
  });

  it('refuses an empty selection or an empty note with a reason', async () => {
    const none = await refused('roster.assignAdvisor', { ids: [], advisor: 'X' });
    expect(none.issues).toEqual([{ path: 'ids', message: 'no students are selected' }]);
    const empty = await refused('roster.addNote', { ids: ['S00040'], body: '   ', followUpDate: null });
    expect(empty.issues).toEqual([{ path: 'body', message: 'a note needs some text' }]);
  });
});
