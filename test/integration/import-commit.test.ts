/**
 * What a commit does to a database that already holds data: upserts without erasing, the same file
 * twice changes nothing, attempts are recognised rather than duplicated, every change is audited,
 * and a preview or a cancelled import leaves everything as it was.
 */
import crypto from 'node:crypto';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '../../src/shared/api';
import { searchAudit } from '../../src/main/db/audit-search';
import { invoke } from '../../src/main/handlers';
import { AS_OF, attempts, auditCount, commit, fixture, practice, preview, snapshot, students, xlsx, freshDatabases } from './import-support';

const database = freshDatabases();

type Rows = Record<string, unknown[][]>;
/** A template workbook from rows per sheet (header first). */
const workbook = (sheets: Rows) =>
  xlsx((wb) => {
    for (const [name, rows] of Object.entries(sheets)) {
      const ws = wb.addWorksheet(name);
      rows.forEach((r) => ws.addRow(r));
    }
  });

const STUDENTS = ['Student ID', 'First name', 'Last name', 'Email', 'Graduation year', 'Target specialty', 'Advisor', 'Pager'];
const EXAMS = ['Student ID', 'Exam', 'Date', 'Result', 'Score'];

describe('importing the same file again', () => {
  for (const name of ['openpyxl-template.xlsx', 'openpyxl-roster.xlsx'])
    it(`changes nothing the second time (${name}): 0 added, 0 updated, the audit log untouched`, async () => {
      const { db, ctx } = await database();
      const first = await commit(ctx, fixture(name), name);
      expect(first.committed).toBe(true);
      expect(first.students.added).toBeGreaterThan(0);
      const before = snapshot(db);
      const again = await commit(ctx, fixture(name), name);
      expect(again).toMatchObject({ committed: true, students: { added: 0, updated: 0 }, exams: { added: 0, updated: 0 }, practice: { added: 0, updated: 0 } });
      expect(snapshot(db)).toEqual(before);
    });
});

describe('upserting students', () => {
  it('updates changed fields, keeps what a blank cell does not mention, merges custom fields, and audits each change', async () => {
    const { db, ctx } = await database();
    await commit(ctx, await workbook({ Students: [STUDENTS, ['U1', 'Uma', 'Vale', 'uma@x.edu', 2027, 'Pediatrics', 'Dr. Adeyemi', '555-1']] }), 'first.xlsx');
    const auditBefore = auditCount(db);
    const second = await workbook({ Students: [[...STUDENTS, 'Locker'], ['U1', 'Uma', 'Vale', null, 2027, 'Neurology', '', null, 'B12']] });
    const p = await preview(ctx, second, 'second.xlsx');
    expect(p.changes.updatedStudents).toEqual([
      {
        sheet: 'Students',
        row: 2,
        id: 'U1',
        name: 'Uma Vale',
        fields: [
          { field: 'targetSpecialty', label: 'Target specialty', from: 'Pediatrics', to: 'Neurology' },
          { field: 'customFields.Locker', label: 'Locker', from: null, to: 'B12' },
        ],
      },
    ]);
    const r = await commit(ctx, second, 'second.xlsx');
    expect(r.students).toEqual({ added: 0, updated: 1 });
    expect(students(db).map((s) => [s.email, s.target_specialty, s.advisor, s.custom_fields])).toEqual([['uma@x.edu', 'Neurology', 'Dr. Adeyemi', '{"Pager":"555-1","Locker":"B12"}']]);
    const audit = db.prepare(`SELECT actor, action, entity, entity_id, field, old_value, new_value, context FROM audit_log WHERE id > ? ORDER BY id`).all(
      (db.prepare('SELECT max(id) AS id FROM audit_log').get() as { id: number }).id - (auditCount(db) - auditBefore),
    );
    expect(audit).toEqual([
      { actor: 'test-advisor', action: 'update', entity: 'student', entity_id: 'U1', field: 'targetSpecialty', old_value: 'Pediatrics', new_value: 'Neurology', context: 'import second.xlsx' },
      { actor: 'test-advisor', action: 'update', entity: 'student', entity_id: 'U1', field: 'customFields', old_value: '{"Pager":"555-1"}', new_value: '{"Pager":"555-1","Locker":"B12"}', context: 'import second.xlsx' },
      // The import itself, as one batch (an update-only import too).
      expect.objectContaining({ actor: 'test-advisor', action: 'insert', entity: 'import_batch', field: null, old_value: null, context: 'import second.xlsx' }),
    ]);
    expect(JSON.parse((audit[2] as { new_value: string }).new_value)).toMatchObject({ file: 'second.xlsx', studentsAdded: 0, studentsUpdated: 1 });
  });

  it('audits an import as one batch: the file (name, size, SHA-256) and its counts, every record it added stamped with it', async () => {
    const { db, ctx } = await database();
    const bytes = fixture('openpyxl-template.xlsx');
    const r = await commit(ctx, bytes, 'openpyxl-template.xlsx');
    expect(r.students.added).toBeGreaterThan(0);
    const batches = db.prepare('SELECT id, actor, file_name, file_bytes, file_sha256, counts FROM import_batches').all() as { id: number; counts: string }[];
    expect(batches).toEqual([
      { id: expect.any(Number), actor: 'test-advisor', file_name: 'openpyxl-template.xlsx', file_bytes: bytes.byteLength, file_sha256: crypto.createHash('sha256').update(bytes).digest('hex'), counts: JSON.stringify({ students: r.students, exams: r.exams, practice: r.practice }) },
    ]);
    const id = batches[0].id;
    // One audit row for the whole file, not one per record (each record is stamped with the batch instead).
    expect(auditCount(db)).toBe(1);
    const row = db.prepare(`SELECT action, entity, entity_id, context, new_value FROM audit_log`).get() as { new_value: string };
    expect(row).toMatchObject({ action: 'insert', entity: 'import_batch', entity_id: String(id), context: 'import openpyxl-template.xlsx' });
    expect(JSON.parse(row.new_value)).toEqual({
      file: 'openpyxl-template.xlsx',
      bytes: bytes.byteLength,
      sha256: crypto.createHash('sha256').update(bytes).digest('hex'),
      studentsAdded: r.students.added,
      studentsUpdated: 0,
      examsAdded: r.exams.added,
      examsUpdated: 0,
      practiceAdded: r.practice.added,
      practiceUpdated: 0,
    });
    for (const [table, n] of [['students', r.students.added], ['exam_attempts', r.exams.added], ['practice_exams', r.practice.added]] as const)
      expect(db.prepare(`SELECT import_batch, count(*) AS n FROM ${table} GROUP BY import_batch`).all(), table).toEqual([{ import_batch: id, n }]);
    // A student's history names the import that brought them in.
    const history = searchAudit(db, { studentId: 'S1003', offset: 0, limit: 50 });
    expect(history.entries.map((e) => [e.entity, e.entityId])).toEqual([['import_batch', String(id)]]);
  });

  it('an import that changes nothing leaves no batch and no audit row; a deleted record keeps its batch in its history', async () => {
    const { db, ctx } = await database();
    const bytes = fixture('openpyxl-template.xlsx');
    await commit(ctx, bytes, 'openpyxl-template.xlsx');
    const again = await commit(ctx, bytes, 'openpyxl-template.xlsx');
    expect(again.committed).toBe(true);
    expect(db.prepare('SELECT count(*) FROM import_batches').pluck().get()).toBe(1);
    expect(auditCount(db)).toBe(1);

    const attempt = db.prepare(`SELECT id, student_id AS studentId, import_batch AS batch FROM exam_attempts ORDER BY id LIMIT 1`).get() as { id: number; studentId: string; batch: number };
    expect((await invoke(ctx, 'attempts.remove', { id: attempt.id })).ok).toBe(true);
    const removed = db.prepare(`SELECT old_value FROM audit_log WHERE action = 'delete' AND entity = 'exam_attempt'`).pluck().get() as string;
    expect(JSON.parse(removed)).toMatchObject({ id: attempt.id, studentId: attempt.studentId, importBatch: attempt.batch });
    const history = searchAudit(db, { studentId: attempt.studentId, offset: 0, limit: 50 });
    expect(history.entries.map((e) => [e.action, e.entity, e.entityId])).toEqual([
      ['delete', 'exam_attempt', String(attempt.id)],
      ['insert', 'import_batch', String(attempt.batch)],
    ]);
  });
});

describe('recognising attempts already recorded', () => {
  it('a result for a scheduled attempt updates it; an older file saying "Scheduled" again does not undo the result', async () => {
    const { db, ctx } = await database();
    await commit(ctx, await workbook({ Students: [STUDENTS, ['A1', 'Al', 'Bo', null, 2027]], Exams: [EXAMS, ['A1', 'Step 2 CK', '2026-03-01', 'Scheduled', null]] }), 'booked.xlsx');
    const scored = await workbook({ Exams: [EXAMS, ['A1', 'Step 2 CK', '2026-03-01', null, 240]] });
    const r = await commit(ctx, scored, 'scored.xlsx');
    expect(r.exams).toEqual({ added: 0, updated: 1 });
    expect(attempts(db)).toEqual([['A1', 'STEP2CK', '2026-03-01', null, 240, null]]);
    const old = await commit(ctx, await workbook({ Exams: [EXAMS, ['A1', 'Step 2 CK', '2026-03-01', 'Scheduled', null]] }), 'booked-again.xlsx');
    expect(old.exams).toEqual({ added: 0, updated: 0 });
    expect(old.warnings).toEqual([{ sheet: 'Exams', row: 2, column: null, message: 'Step 2 CK on 2026-03-01 is already recorded as score 240; the file\'s "Scheduled" was not applied' }]);
    expect(attempts(db)).toEqual([['A1', 'STEP2CK', '2026-03-01', null, 240, null]]);
  });

  it('an attempt count adds only the failures the history does not already hold', async () => {
    const { db, ctx } = await database();
    await commit(ctx, await workbook({ Students: [STUDENTS, ['H1', 'Hal', 'Ito', null, 2027], ['H2', 'Hiro', 'Ota', null, 2027]] }), 'students.xlsx');
    // H1's failure was entered by hand, with its date; H2's was not.
    const added = await invoke(ctx, 'attempts.add', { studentId: 'H1', exam: 'STEP1', testDate: '2024-01-10', outcome: 'FAIL', score: null, attemptOrder: null });
    expect(added.ok).toBe(true);
    const roster = await workbook({ Roster: [['Student ID', 'Step 1 Result', 'Step 1 Attempts', 'Step 1 Date'], ['H1', 'Pass', 2, '2024-06-01'], ['H2', 'Pass', 2, '2024-06-02']] });
    const r = await commit(ctx, roster, 'roster.xlsx');
    expect(r.exams).toEqual({ added: 3, updated: 0 });
    expect(attempts(db)).toEqual([
      ['H1', 'STEP1', '2024-01-10', 'FAIL', null, null],
      ['H1', 'STEP1', '2024-06-01', 'PASS', null, 2],
      ['H2', 'STEP1', null, 'FAIL', null, 1],
      ['H2', 'STEP1', '2024-06-02', 'PASS', null, 2],
    ]);
  });

  it('reads an Exams sheet stored before the Students sheet it refers to', async () => {
    const { db, ctx } = await database();
    const r = await commit(ctx, await workbook({ Exams: [EXAMS, ['E1', 'Step 1', '2025-05-01', 'Pass', null]], Students: [STUDENTS, ['E1', 'Eda', 'Fu', null, 2027]] }), 'order.xlsx');
    expect(r).toMatchObject({ committed: true, students: { added: 1 }, exams: { added: 1 } });
    expect(attempts(db)).toEqual([['E1', 'STEP1', '2025-05-01', 'PASS', null, null]]);
  });

  it('rejects one attempt given twice with different results, naming both rows', async () => {
    const { db, ctx } = await database();
    const r = await commit(
      ctx,
      await workbook({
        Students: [STUDENTS, ['D1', 'Dan', 'Ek', null, 2027]],
        Exams: [EXAMS, ['D1', 'Step 1', '2025-05-01', 'Pass', null], ['D1', 'Step 1', '2025-05-01', 'Scheduled', null], ['D1', 'Step 1', '2025-05-01', 'Fail', null]],
      }),
      'twice.xlsx',
    );
    expect(r.errors).toEqual([{ sheet: 'Exams', row: 4, column: 'Result', message: 'Step 1 on 2025-05-01 for D1 is also on Exams!2 with a different result (PASS and FAIL)' }]);
    expect(students(db)).toEqual([]);
  });
});

describe('preview, progress and cancel', () => {
  it('a preview lists the changes with their rows and writes nothing', async () => {
    const { db, ctx } = await database();
    await commit(ctx, await workbook({ Students: [STUDENTS, ['P1', 'Pia', 'Qi', null, 2027]] }), 'first.xlsx');
    const before = snapshot(db);
    const p = await preview(ctx, fixture('openpyxl-template.xlsx'), 'openpyxl-template.xlsx', { detailLimit: 2 });
    expect(p).toMatchObject({ committed: false, students: { added: 3, updated: 0 }, exams: { added: 7 }, practice: { added: 3 } });
    expect(p.changes.newStudents).toEqual([
      { sheet: 'Students', row: 2, id: 'S1001', name: 'Ana Ruiz', fields: [] },
      { sheet: 'Students', row: 3, id: 'S1002', name: 'Ben Okafor', fields: [] },
    ]);
    expect(p.changes.newAttempts[0]).toEqual({ sheet: 'Exams', row: 2, studentId: 'S1001', exam: 'STEP1', testDate: '2025-05-02', outcome: 'PASS', score: null, attemptOrder: null, inferred: false, fields: [] });
    expect(p.changes.truncated).toBe(true);
    expect(snapshot(db)).toEqual(before);
  });

  it('reports progress by phase with counts, ending at the number of rows read', async () => {
    const { ctx } = await database();
    const events: ProgressEvent[] = [];
    const r = await invoke({ ...ctx, progress: (e) => events.push(e) }, 'import.commit', { file: fixture('openpyxl-template.xlsx'), fileName: 't.xlsx', jobId: 'job-1', asOf: AS_OF });
    expect(r.ok).toBe(true);
    expect(events[0]).toMatchObject({ jobId: 'job-1', phase: 'read', done: 0 });
    // 16 rows: the Students, Exams and Practice sheets with their header rows; the Instructions sheet is not read.
    expect(events.at(-1)).toEqual({ jobId: 'job-1', phase: 'write', done: 16, total: 16, message: 'reading, checking and writing rows' });
  });

  it('a cancel mid-import rolls everything back (import.cancel by job, or the shell aborting its signal)', async () => {
    const { db, ctx } = await database();
    await commit(ctx, await workbook({ Students: [STUDENTS, ['K0', 'Kim', 'Lo', null, 2027]] }), 'first.xlsx');
    const before = snapshot(db);
    // Enough rows that the import writes a few chunks before the cancel arrives.
    const rows: unknown[][] = [STUDENTS];
    for (let i = 1; i <= 12_000; i++) rows.push([`K${i}`, 'Kim', `Lo${i}`, null, 2027]);
    const file = await workbook({ Students: rows });

    let cancelled: Promise<unknown> | null = null;
    const byJob = await invoke(
      {
        ...ctx,
        progress: (e) => {
          if (e.phase === 'write' && !cancelled) cancelled = invoke(ctx, 'import.cancel', { jobId: 'big' });
        },
      },
      'import.commit',
      { file, fileName: 'big.xlsx', jobId: 'big', asOf: AS_OF },
    );
    expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(byJob).toMatchObject({ ok: false, error: { code: 'CANCELLED', message: 'The import was cancelled; nothing was written.' } });
    expect(snapshot(db)).toEqual(before);

    const controller = new AbortController();
    const bySignal = await invoke({ ...ctx, signal: controller.signal, progress: (e) => e.phase === 'write' && controller.abort() }, 'import.commit', { file, fileName: 'big.xlsx', asOf: AS_OF });
    expect(bySignal).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(snapshot(db)).toEqual(before);
    expect(await invoke(ctx, 'import.cancel', { jobId: 'big' })).toEqual({ ok: true, value: { cancelled: false } });
  });
});

describe('cancelling a CSV import', () => {
  it('a cancel that arrives as a separate request (a later turn of the event loop) stops a CSV import and writes nothing', async () => {
    const { db, ctx } = await database();
    const before = snapshot(db);
    const lines = ['Student ID,First name,Last name,Graduation year'];
    for (let i = 1; i <= 20_000; i++) lines.push(`C${i},Cy,Lo${i},2027`);
    const file = new TextEncoder().encode(lines.join('\n'));
    let cancelled: Promise<unknown> | null = null;
    const r = await invoke(
      {
        ...ctx,
        // Like an IPC or HTTP request: it can only run when the import gives the event loop a turn.
        progress: (e) => {
          if (e.phase === 'write' && !cancelled) cancelled = new Promise((resolve) => setImmediate(() => resolve(invoke(ctx, 'import.cancel', { jobId: 'csv' }))));
        },
      },
      'import.commit',
      { file, fileName: 'big.csv', jobId: 'csv', asOf: AS_OF },
    );
    expect(await cancelled).toEqual({ ok: true, value: { cancelled: true } });
    expect(r).toMatchObject({ ok: false, error: { code: 'CANCELLED' } });
    expect(snapshot(db)).toEqual(before);
  });
});

describe('the template and the field list', () => {
  it('import.template is a workbook with the three sheets, required columns marked, drop-downs and instructions, and it imports once filled in', async () => {
    const { db, ctx } = await database();
    const t = await invoke(ctx, 'import.template', {});
    if (!t.ok) throw new Error(t.error.message);
    const wb = new ExcelJS.Workbook();
    // exceljs types its input as a Node Buffer of any backing store.
    await wb.xlsx.load(Buffer.from(t.value) as unknown as Parameters<typeof wb.xlsx.load>[0]);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Instructions', 'Students', 'Exams', 'Practice']);
    const headers = (name: string) => (wb.getWorksheet(name)!.getRow(1).values as unknown[]).slice(1);
    expect(headers('Students')).toEqual(['Student ID*', 'First name*', 'Last name*', 'Email', 'Graduation year*', 'Applicant type', 'Target specialty', 'Backup specialty', 'Advisor', 'USCE months', 'US letters', 'Step 1 deadline', 'Notes', 'Enrolment status', 'Enrolment status date', 'Enrolment status end']);
    expect(headers('Exams')).toEqual(['Student ID*', 'Exam*', 'Date', 'Result', 'Score']);
    expect(headers('Practice')).toEqual(['Student ID*', 'Exam*', 'Form*', 'Date*', 'Score', 'Pass probability (%)']);
    const validations = (name: string) => (wb.getWorksheet(name) as unknown as { dataValidations: { model: Record<string, { type: string; formulae: unknown[] }> } }).dataValidations.model;
    // exceljs reads a validated range back cell by cell: the first and last data rows carry it, the row after does not.
    for (const cell of ['B2', 'B5001']) expect(validations('Exams')[cell]).toMatchObject({ type: 'list', formulae: ['"Step 1,Step 2 CK,Step 3,COMLEX Level 1,COMLEX Level 2-CE"'] });
    expect(validations('Exams').B5002).toBeUndefined();
    expect(validations('Exams').D2).toMatchObject({ type: 'list', formulae: ['"Pass,Fail,Incomplete,Scheduled,Pending"'] });
    expect(validations('Students').F2).toMatchObject({ type: 'list', formulae: ['"US MD,US DO,IMG"'] });
    expect(validations('Practice').B2).toMatchObject({ type: 'list', formulae: ['"Step 1,Step 2 CK"'] });
    expect(String(wb.getWorksheet('Instructions')!.getCell('A1').value)).toMatch(/How to fill in this workbook/);

    wb.getWorksheet('Students')!.addRow(['T1', 'Tia', 'Ume', null, 2027, 'US DO']);
    wb.getWorksheet('Exams')!.addRow(['T1', 'COMLEX Level 1', new Date(Date.UTC(2025, 4, 20)), 'Pass', null]);
    wb.getWorksheet('Practice')!.addRow(['T1', 'Step 1', 'NBME 31', new Date(Date.UTC(2025, 4, 1)), null, 77]);
    const filled = new Uint8Array((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const r = await commit(ctx, filled, 'filled.xlsx');
    expect(r).toMatchObject({ committed: true, errors: [], warnings: [], students: { added: 1 }, exams: { added: 1 }, practice: { added: 1 } });
    expect(attempts(db)).toEqual([['T1', 'COMLEX1', '2025-05-20', 'PASS', null, null]]);
    expect(practice(db)).toEqual([['T1', 'STEP1', 'NBME 31', '2025-05-01', null, 77]]);
  });

  it('import.fields lists every mappable field with its label, per sheet', async () => {
    const { ctx } = await database();
    const all = await invoke(ctx, 'import.fields', {});
    const exams = await invoke(ctx, 'import.fields', { sheet: 'exams' });
    if (!all.ok || !exams.ok) throw new Error('import.fields failed');
    expect(exams.value.map((f) => `${f.key}:${f.label}${f.required ? '*' : ''}`)).toEqual(['studentId:Student ID*', 'exam:Exam*', 'testDate:Date', 'outcome:Result', 'score:Score', 'attemptOrder:Attempt']);
    expect(all.value.find((f) => f.key === 'step2ck.scheduled')).toMatchObject({ sheet: 'students', label: 'Step 2 CK scheduled date', type: 'date' });
    expect(new Set(all.value.map((f) => f.sheet))).toEqual(new Set(['students', 'exams', 'practice']));
  });

  it('refuses input that is not file bytes, as the dispatcher validates every call', async () => {
    const { ctx } = await database();
    const r = await invoke(ctx, 'import.preview', { file: 'not bytes', fileName: 'x.xlsx' } as never);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const empty = await invoke(ctx, 'import.preview', { file: new Uint8Array(0), fileName: 'x.xlsx' });
    expect(empty).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', issues: [{ path: 'file', message: 'the file is empty' }] } });
  });
});
