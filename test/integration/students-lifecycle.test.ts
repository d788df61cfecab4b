/**
 * Issue 14, "Identity" and part of "Students' life cycle", on real SQLite files through the real
 * dispatcher: who the audit log and notes name (the first-run name), adding a student by hand, editing
 * every profile field, and removing the demo cohort in one audited step.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contextFor, DatabaseHolder, listBackups } from '../../src/main/backup';
import type { Db } from '../../src/main/db/open';
import { loadDemoCohort } from '../../src/main/demo/load';
import { invoke } from '../../src/main/handlers';
import { officeOnlyDb, osUser, type HandlerContext } from '../../src/main/handlers/context';
import type { Store } from '../../src/main/store/store';
import type { Student } from '../../src/shared/domain';
import { tempDatabase } from '../helpers';
import { commit, csv } from './import-support';

let db: Db;
let file: string;
let ctx: HandlerContext;
beforeEach(async () => {
  ({ db, file, ctx } = await tempDatabase());
});
afterEach(() => db.close());

const ok = <T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
};
const count = (sql: string, ...params: unknown[]) => db.prepare(sql).pluck().get(...params) as number;
const auditRows = (where: string, ...params: unknown[]) =>
  db.prepare(`SELECT actor, action, entity, entity_id AS entityId, field, old_value AS oldValue, new_value AS newValue, context FROM audit_log WHERE ${where} ORDER BY id`).all(...params) as Record<string, string | null>[];

const NEW_STUDENT: Student = {
  id: 'H-0042',
  firstName: 'Imani',
  lastName: 'Okafor',
  email: 'imani.okafor@school.edu',
  gradYear: 2027,
  applicantType: 'US_DO',
  targetSpecialty: 'Pediatrics',
  backupSpecialty: null,
  advisor: 'Dr. Chen',
  usceMonths: null,
  usLetters: null,
  step1Deadline: null,
  notes: null,
  customFields: {},
};

describe('identity: the name changes are signed with', () => {
  it('asks for a name until one is set; then every later note and audit row carries it', async () => {
    loadDemoCohort(db, { students: 5, seed: 3, asOf: '2026-11-26' }, { actor: 'seed', context: 'demo cohort' });
    // As the Electron shell and the web host hold it: the actor is read from the database on each call.
    const holder = new DatabaseHolder(file, db);
    const shell = () => ({ ...contextFor(holder) });

    const first = ok(await invoke(shell(), 'audit.identity', {}));
    expect(first).toEqual({ actor: osUser(), userName: null, osUser: osUser(), askName: true });

    const set = ok(await invoke(shell(), 'audit.setUserName', { userName: '  Dr. Ana Ruiz ' }));
    expect(set).toMatchObject({ actor: 'Dr. Ana Ruiz', userName: 'Dr. Ana Ruiz', askName: false });
    expect(auditRows(`entity = 'setting' AND entity_id = 'office.userName'`)).toEqual([
      { actor: osUser(), action: 'insert', entity: 'setting', entityId: 'office.userName', field: 'value', oldValue: null, newValue: 'Dr. Ana Ruiz', context: 'settings' },
    ]);

    const notes = ok(await invoke(shell(), 'notes.add', { studentId: 'S00001', body: 'Planned the CK date.', followUpDate: null, actionItems: [] }));
    expect(notes.map((n) => n.author)).toEqual(['Dr. Ana Ruiz']);
    ok(await invoke(shell(), 'students.update', { id: 'S00002', patch: { advisor: 'Dr. Ruiz' } }));
    expect(auditRows(`entity = 'student' AND entity_id = 'S00002' AND field = 'advisor'`).map((r) => r.actor)).toEqual(['Dr. Ana Ruiz']);

    // Changed in Settings: the next change carries the new name, and nothing asks again.
    ok(await invoke(shell(), 'audit.setUserName', { userName: 'Ana Ruiz, MD' }));
    ok(await invoke(shell(), 'notes.add', { studentId: 'S00001', body: 'Second session.', followUpDate: null, actionItems: [] }));
    expect(db.prepare(`SELECT author FROM advising_notes ORDER BY id`).pluck().all()).toEqual(['Dr. Ana Ruiz', 'Ana Ruiz, MD']);
    expect(ok(await invoke(shell(), 'audit.identity', {})).askName).toBe(false);
  });

  it('does not ask on an office database, where the login is the identity', async () => {
    // Only the engine is read before answering; an office session has no SQLite handle at all.
    const office = { db: officeOnlyDb(), store: { engine: 'postgres' } as Store, databasePath: 'postgres://db/advising', actor: 'aruiz' };
    expect(ok(await invoke(office, 'audit.identity', {}))).toMatchObject({ actor: 'aruiz', userName: null, askName: false });
  });

  it('does not ask when the shell names the actor itself ($STEPWISE_ACTOR)', async () => {
    const holder = new DatabaseHolder(file, db);
    const identity = ok(await invoke({ ...contextFor(holder, 'nightly-import') }, 'audit.identity', {}));
    expect(identity).toMatchObject({ actor: 'nightly-import', userName: null, askName: false });
  });
});

describe('students.add', () => {
  it('adds a valid student, audited as one insert with the whole record, and returns the student page', async () => {
    const detail = ok(await invoke(ctx, 'students.add', NEW_STUDENT));
    expect(detail).toMatchObject({ student: NEW_STUDENT, attempts: [], practice: [], version: 1 });
    const rows = auditRows(`entity = 'student' AND entity_id = ?`, 'H-0042');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actor: 'test-advisor', action: 'insert', context: 'added by hand' });
    expect(JSON.parse(rows[0].newValue!)).toEqual(NEW_STUDENT);
    // The roster finds the new student like any other.
    expect(ok(await invoke(ctx, 'students.list', { search: 'Okafor' })).rows.map((r) => r.id)).toEqual(['H-0042']);
  });

  it('refuses an ID already taken, saying whose it is, and leaves that student as it was', async () => {
    ok(await invoke(ctx, 'students.add', NEW_STUDENT));
    const again = await invoke(ctx, 'students.add', { ...NEW_STUDENT, firstName: 'Someone', lastName: 'Else' });
    expect(again).toMatchObject({ ok: false, error: { code: 'CONFLICT', issues: [{ path: 'id' }] } });
    expect(!again.ok && again.error.message).toBe("Student ID H-0042 is already Imani Okafor's; open that student to change their record.");
    expect(count(`SELECT count(*) FROM students`)).toBe(1);
    expect(count(`SELECT count(*) FROM audit_log WHERE entity = 'student'`)).toBe(1);
  });

  it('refuses an ID that differs from a stored one only in leading zeros (an import would merge them)', async () => {
    ok(await invoke(ctx, 'students.add', { ...NEW_STUDENT, id: '00123' }));
    const twin = await invoke(ctx, 'students.add', { ...NEW_STUDENT, id: '123', firstName: 'Other' });
    expect(twin).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
    expect(!twin.ok && twin.error.message).toBe('Student ID 123 differs from 00123 (Imani Okafor) only in leading zeros; an import would read them as one student.');
    expect(count(`SELECT count(*) FROM students`)).toBe(1);
  });

  it.each([
    ['a blank first name', { firstName: '  ' }, 'firstName', 'First name is required'],
    ['a blank ID', { id: '' }, 'id', 'Student ID is required'],
    ['a class year out of range', { gradYear: 1900 }, 'gradYear', null],
    ['an email that is not one', { email: 'imani at school' }, 'email', null],
    ['an unknown applicant type', { applicantType: 'MD' }, 'applicantType', null],
  ])('refuses %s, naming the field, and writes nothing', async (_what, change, path, message) => {
    const r = await invoke(ctx, 'students.add', { ...NEW_STUDENT, ...change } as Student);
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const issue = !r.ok ? r.error.issues?.find((i) => i.path === path) : undefined;
    expect(issue, JSON.stringify(r)).toBeDefined();
    if (message) expect(issue!.message).toBe(message);
    expect(count(`SELECT count(*) FROM students`)).toBe(0);
    expect(count(`SELECT count(*) FROM audit_log`)).toBe(0);
  });
});

describe('students.update edits every profile field', () => {
  it('saves names, notes and custom fields with the rest, each change audited old and new', async () => {
    ok(await invoke(ctx, 'students.add', { ...NEW_STUDENT, customFields: { Campus: 'North', Cohort: 'A' } }));
    const { version } = ok(await invoke(ctx, 'students.get', { id: 'H-0042' }));
    const patch = {
      firstName: 'Imani J.',
      lastName: 'Okafor-Reed',
      email: 'ijo@school.edu',
      gradYear: 2028,
      applicantType: 'US_MD',
      targetSpecialty: 'Dermatology',
      backupSpecialty: 'Internal Medicine',
      advisor: 'Dr. Patel',
      usceMonths: 2,
      usLetters: 1,
      step1Deadline: '2026-03-31',
      notes: 'Deferred a year for research.',
      customFields: { Campus: 'South', Mentor: 'Dr. Lee' },
    } as const;
    const saved = ok(await invoke(ctx, 'students.update', { id: 'H-0042', patch, version }));
    expect(saved.student).toEqual({ id: 'H-0042', ...patch });
    expect(saved.version).toBe(version + 1);
    const changes = auditRows(`entity = 'student' AND entity_id = 'H-0042' AND action = 'update'`);
    expect(changes.map((c) => c.field).sort()).toEqual(Object.keys(patch).sort());
    expect(changes.find((c) => c.field === 'lastName')).toMatchObject({ oldValue: 'Okafor', newValue: 'Okafor-Reed', context: 'student page' });
    expect(changes.find((c) => c.field === 'notes')).toMatchObject({ oldValue: null, newValue: 'Deferred a year for research.' });
    expect(JSON.parse(changes.find((c) => c.field === 'customFields')!.newValue!)).toEqual({ Campus: 'South', Mentor: 'Dr. Lee' });
  });
});

describe('demo.remove', () => {
  beforeEach(() => {
    loadDemoCohort(db, { students: 40, seed: 5, asOf: '2026-11-26' }, { actor: 'e2e', context: 'demo cohort' });
  });

  it('removes exactly the demo students and what hangs off them, keeping real students, in one audit row', async () => {
    ok(await invoke(ctx, 'students.add', NEW_STUDENT));
    ok(await invoke(ctx, 'notes.add', { studentId: 'H-0042', body: 'Real note.', followUpDate: null, actionItems: [{ text: 'Book CK', dueDate: null, done: false }] }));
    ok(await invoke(ctx, 'attempts.add', { studentId: 'H-0042', exam: 'COMLEX1', testDate: '2025-05-01', outcome: 'PASS', score: null, attemptOrder: null }));
    ok(await invoke(ctx, 'notes.add', { studentId: 'S00003', body: 'Trying the demo.', followUpDate: null, actionItems: [] }));
    await commit(ctx, csv('Student ID,First name,Last name,Class of,Step 1 Result,Step 1 Date\nR1,Rae,Quinn,2027,Pass,2025-05-02\n'), 'real.csv');

    const demo = { students: 40, examAttempts: count(`SELECT count(*) FROM exam_attempts WHERE source = 'demo'`), practiceExams: count(`SELECT count(*) FROM practice_exams WHERE source = 'demo'`), notes: 1 };
    expect(demo.examAttempts).toBeGreaterThan(0);
    expect(demo.practiceExams).toBeGreaterThan(0);
    expect(ok(await invoke(ctx, 'demo.status', {}))).toEqual(demo);
    const auditBefore = count(`SELECT count(*) FROM audit_log`);

    const removed = ok(await invoke(ctx, 'demo.remove', {}));
    expect(removed).toMatchObject(demo);
    expect(removed.backup).toMatch(/-before-demo-removal\.db$/);
    // The state before the removal, restorable from Settings → Backups: demo and real students alike.
    expect(listBackups(file, 10).backups.find((b) => b.name === removed.backup)).toMatchObject({ reason: 'before-demo-removal', students: 42 });

    expect(db.prepare(`SELECT id FROM students ORDER BY id`).pluck().all()).toEqual(['H-0042', 'R1']);
    expect(count(`SELECT count(*) FROM exam_attempts WHERE student_id NOT IN ('H-0042', 'R1')`)).toBe(0);
    expect(count(`SELECT count(*) FROM exam_attempts`)).toBe(2);
    expect(count(`SELECT count(*) FROM practice_exams`)).toBe(0);
    expect(db.prepare(`SELECT student_id FROM advising_notes`).pluck().all()).toEqual(['H-0042']);
    expect(count(`SELECT count(*) FROM action_items`)).toBe(1);

    // One row for the cohort, and one for the demo's outcomes memory (its graduates and program directory, issue 15).
    expect(count(`SELECT count(*) FROM audit_log`)).toBe(auditBefore + 2);
    expect(auditRows(`id = (SELECT max(id) - 1 FROM audit_log)`)[0]).toMatchObject({ action: 'delete', entity: 'demo_outcomes' });
    const [row] = auditRows(`id = (SELECT max(id) FROM audit_log)`);
    expect(row).toMatchObject({ actor: 'test-advisor', action: 'delete', entity: 'demo_cohort', entityId: '40 students', context: 'settings' });
    expect(JSON.parse(row.oldValue!)).toEqual(demo);

    // Nothing left to remove: refused, nothing written.
    expect(ok(await invoke(ctx, 'demo.status', {}))).toEqual({ students: 0, examAttempts: 0, practiceExams: 0, notes: 0 });
    expect(await invoke(ctx, 'demo.remove', {})).toMatchObject({ ok: false, error: { code: 'REJECTED', message: 'This database holds no demo students: nothing to remove.' } });
    expect(count(`SELECT count(*) FROM audit_log`)).toBe(auditBefore + 2);
  });

  it('refuses when an import has written to a demo student (the ID is in the office’s own file), naming it, and removes nothing', async () => {
    await commit(ctx, csv('Student ID,First name,Last name,Class of,Target specialty\nS00007,Real,Person,2027,Neurology\n'), 'sis-export.csv');
    const auditBefore = count(`SELECT count(*) FROM audit_log`);
    const r = await invoke(ctx, 'demo.remove', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(!r.ok && r.error.message).toBe(
      'Nothing was removed: 1 demo student was since updated by an import, so it holds real data: S00007 (import sis-export.csv). Remove or correct that student first.',
    );
    expect(count(`SELECT count(*) FROM students`)).toBe(40);
    expect(count(`SELECT count(*) FROM audit_log`)).toBe(auditBefore);
    expect(listBackups(file, 10).backups.filter((b) => b.reason === 'before-demo-removal')).toEqual([]);
  });

  it('refuses when an import added exam records to a demo student', async () => {
    await commit(ctx, csv('Student ID,First name,Last name,Class of,Step 2 CK Score,Step 2 CK Date\nS00011,Zed,Alder,2027,245,2026-06-01\n'), 'scores.csv');
    const r = await invoke(ctx, 'demo.remove', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(!r.ok && r.error.message).toContain('S00011');
    expect(count(`SELECT count(*) FROM students`)).toBe(40);
  });

  it('leaves a student who reuses a removed demo ID alone', async () => {
    ok(await invoke(ctx, 'demo.remove', {}));
    ok(await invoke(ctx, 'students.add', { ...NEW_STUDENT, id: 'S00001' }));
    expect(ok(await invoke(ctx, 'demo.status', {})).students).toBe(0);
    expect(await invoke(ctx, 'demo.remove', {})).toMatchObject({ ok: false, error: { code: 'REJECTED' } });
    expect(count(`SELECT count(*) FROM students`)).toBe(1);
  });
});
