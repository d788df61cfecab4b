/**
 * The SQL an import needs, built for volume: existing rows are fetched for a whole file's students
 * in a few batched queries (never one query per row), and writes go through statements prepared
 * once per import. Audit rows have the same shape as the single-row writers' (students.ts, attempts.ts).
 */
import type { Statement } from 'better-sqlite3';
import type { ExamAttempt, ExamAttemptInput, PracticeExam, PracticeExamInput, Student } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';
import { ATTEMPT_COLUMNS, attemptFromRow, PRACTICE_COLUMNS, practiceFromRow, STUDENT_COLUMNS, studentFromRow } from './students';

/** SQLite's default limit on host parameters is 32766; far fewer keeps each statement small. */
const BATCH = 500;

function inBatches<R>(db: Db, sql: (placeholders: string) => string, ids: readonly string[], each: (row: R) => void): void {
  let full: Statement<unknown[]> | null = null;
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const stmt = chunk.length === BATCH ? (full ??= db.prepare(sql(Array(BATCH).fill('?').join(',')))) : db.prepare(sql(chunk.map(() => '?').join(',')));
    for (const row of stmt.iterate(...chunk) as Iterable<R>) each(row);
  }
}

type StudentRow = Parameters<typeof studentFromRow>[0];
type AttemptRow = Parameters<typeof attemptFromRow>[0];
type PracticeRow = Parameters<typeof practiceFromRow>[0];

export function studentsByIds(db: Db, ids: readonly string[]): Map<string, Student> {
  const out = new Map<string, Student>();
  inBatches<StudentRow>(db, (p) => `SELECT ${STUDENT_COLUMNS} FROM students WHERE id IN (${p})`, ids, (r) => out.set(r.id, studentFromRow(r)));
  return out;
}

export function attemptsByStudent(db: Db, ids: readonly string[]): Map<string, ExamAttempt[]> {
  const out = new Map<string, ExamAttempt[]>();
  inBatches<AttemptRow>(db, (p) => `SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE student_id IN (${p}) ORDER BY id`, ids, (r) => {
    const list = out.get(r.student_id);
    if (list) list.push(attemptFromRow(r));
    else out.set(r.student_id, [attemptFromRow(r)]);
  });
  return out;
}

export function practiceByStudent(db: Db, ids: readonly string[]): Map<string, PracticeExam[]> {
  const out = new Map<string, PracticeExam[]>();
  inBatches<PracticeRow>(db, (p) => `SELECT ${PRACTICE_COLUMNS} FROM practice_exams WHERE student_id IN (${p}) ORDER BY id`, ids, (r) => {
    const list = out.get(r.student_id);
    if (list) list.push(practiceFromRow(r));
    else out.set(r.student_id, [practiceFromRow(r)]);
  });
  return out;
}

export interface ImportWriter {
  insertStudent(s: Student): void;
  updateStudent(before: Student, after: Student): void;
  insertAttempt(a: ExamAttemptInput): void;
  updateAttempt(before: ExamAttempt, after: ExamAttempt): void;
  insertPractice(p: PracticeExamInput): void;
  updatePractice(before: PracticeExam, after: PracticeExam): void;
}

/**
 * Writers for one import, all stamped with the same time. The caller owns the transaction.
 * `source` is recorded on each attempt and practice row (e.g. "import roster.xlsx").
 */
export function importWriter(db: Db, who: AuditContext, source: string, now: string = new Date().toISOString()): ImportWriter {
  const insertStudent = db.prepare(
    `INSERT INTO students (${STUDENT_COLUMNS}, created_at, updated_at)
     VALUES (@id, @first_name, @last_name, @email, @grad_year, @applicant_type, @target_specialty, @backup_specialty,
             @advisor, @usce_months, @us_letters, @step1_deadline, @notes, @custom_fields, @now, @now)`,
  );
  const updateStudent = db.prepare(
    `UPDATE students SET first_name = @first_name, last_name = @last_name, email = @email, grad_year = @grad_year,
       applicant_type = @applicant_type, target_specialty = @target_specialty, backup_specialty = @backup_specialty,
       advisor = @advisor, usce_months = @usce_months, us_letters = @us_letters, step1_deadline = @step1_deadline,
       notes = @notes, custom_fields = @custom_fields, updated_at = @now
     WHERE id = @id`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO exam_attempts (student_id, exam, test_date, outcome, score, attempt_order, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateAttempt = db.prepare(`UPDATE exam_attempts SET exam = ?, test_date = ?, outcome = ?, score = ?, attempt_order = ? WHERE id = ?`);
  const insertPractice = db.prepare(
    `INSERT INTO practice_exams (student_id, exam, form, taken_on, score, pass_probability, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updatePractice = db.prepare(`UPDATE practice_exams SET exam = ?, form = ?, taken_on = ?, score = ?, pass_probability = ? WHERE id = ?`);

  const studentParams = (s: Student) => ({
    id: s.id,
    first_name: s.firstName,
    last_name: s.lastName,
    email: s.email,
    grad_year: s.gradYear,
    applicant_type: s.applicantType,
    target_specialty: s.targetSpecialty,
    backup_specialty: s.backupSpecialty,
    advisor: s.advisor,
    usce_months: s.usceMonths,
    us_letters: s.usLetters,
    step1_deadline: s.step1Deadline,
    notes: s.notes,
    custom_fields: JSON.stringify(s.customFields),
    now,
  });

  return {
    insertStudent(s) {
      insertStudent.run(studentParams(s));
      writeAudit(db, who, { action: 'insert', entity: 'student', entityId: s.id, newValue: s }, now);
    },
    updateStudent(before, after) {
      if (auditChanges(db, who, 'student', before.id, before, after).length) updateStudent.run(studentParams(after));
    },
    insertAttempt(a) {
      const { lastInsertRowid } = insertAttempt.run(a.studentId, a.exam, a.testDate, a.outcome, a.score, a.attemptOrder, source, now);
      writeAudit(db, who, { action: 'insert', entity: 'exam_attempt', entityId: String(lastInsertRowid), newValue: { ...a, id: Number(lastInsertRowid) } }, now);
    },
    updateAttempt(before, after) {
      if (auditChanges(db, who, 'exam_attempt', String(before.id), before, after).length)
        updateAttempt.run(after.exam, after.testDate, after.outcome, after.score, after.attemptOrder, before.id);
    },
    insertPractice(p) {
      const { lastInsertRowid } = insertPractice.run(p.studentId, p.exam, p.form, p.takenOn, p.score, p.passProbability, source, now);
      writeAudit(db, who, { action: 'insert', entity: 'practice_exam', entityId: String(lastInsertRowid), newValue: { ...p, id: Number(lastInsertRowid) } }, now);
    },
    updatePractice(before, after) {
      if (auditChanges(db, who, 'practice_exam', String(before.id), before, after).length)
        updatePractice.run(after.exam, after.form, after.takenOn, after.score, after.passProbability, before.id);
    },
  };
}

/**
 * An import's transaction spans awaits (it yields between batches for progress and cancellation),
 * so it is opened by hand rather than with db.transaction(). IMMEDIATE takes the write lock up
 * front: the plan is computed and applied against one consistent database.
 */
export function beginImport(db: Db): void {
  if (db.inTransaction) throw new Error('another change is in progress on this database connection; try the import again');
  db.exec('BEGIN IMMEDIATE');
}

export function commitImport(db: Db): void {
  db.exec('COMMIT');
}

export function rollbackImport(db: Db): void {
  if (db.inTransaction) db.exec('ROLLBACK');
}
