import type { ExamAttempt, PracticeExam, Student, StudentSnapshot } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import { loadEnrolment } from './enrolment';
import type { Db } from './open';

interface StudentRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string | null;
  grad_year: number;
  applicant_type: Student['applicantType'];
  target_specialty: string | null;
  backup_specialty: string | null;
  advisor: string | null;
  usce_months: number | null;
  us_letters: number | null;
  step1_deadline: string | null;
  notes: string | null;
  custom_fields: string;
}

export const STUDENT_COLUMNS = `id, first_name, last_name, email, grad_year, applicant_type, target_specialty, backup_specialty,
  advisor, usce_months, us_letters, step1_deadline, notes, custom_fields`;

export function studentFromRow(r: StudentRow): Student {
  return {
    id: r.id,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    gradYear: r.grad_year,
    applicantType: r.applicant_type,
    targetSpecialty: r.target_specialty,
    backupSpecialty: r.backup_specialty,
    advisor: r.advisor,
    usceMonths: r.usce_months,
    usLetters: r.us_letters,
    step1Deadline: r.step1_deadline,
    notes: r.notes,
    customFields: JSON.parse(r.custom_fields) as Record<string, string>,
  };
}

function studentParams(s: Student) {
  return {
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
  };
}

export function countStudents(db: Db): number {
  return (db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
}

export function getStudent(db: Db, id: string): Student | null {
  const row = db.prepare(`SELECT ${STUDENT_COLUMNS} FROM students WHERE id = ?`).get(id) as StudentRow | undefined;
  return row ? studentFromRow(row) : null;
}

export function insertStudent(db: Db, s: Student, who: AuditContext, now = new Date().toISOString()): void {
  db.prepare(
    `INSERT INTO students (${STUDENT_COLUMNS}, created_at, updated_at)
     VALUES (@id, @first_name, @last_name, @email, @grad_year, @applicant_type, @target_specialty, @backup_specialty,
             @advisor, @usce_months, @us_letters, @step1_deadline, @notes, @custom_fields, @now, @now)`,
  ).run({ ...studentParams(s), now });
  writeAudit(db, who, { action: 'insert', entity: 'student', entityId: s.id, newValue: s }, now);
}

/** Writes the new version of a student and audits each changed field; returns the changed field names. */
export function updateStudent(db: Db, before: Student, after: Student, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'student', before.id, before, after);
  if (changed.length > 0) {
    db.prepare(
      `UPDATE students SET first_name = @first_name, last_name = @last_name, email = @email, grad_year = @grad_year,
         applicant_type = @applicant_type, target_specialty = @target_specialty, backup_specialty = @backup_specialty,
         advisor = @advisor, usce_months = @usce_months, us_letters = @us_letters, step1_deadline = @step1_deadline,
         notes = @notes, custom_fields = @custom_fields, updated_at = @now
       WHERE id = @id`,
    ).run({ ...studentParams(after), now: new Date().toISOString() });
  }
  return changed;
}

// A student is never deleted one by one: one who leaves is archived (db/enrolment.ts, setArchived) and
// can be restored. Only the demo cohort comes out whole, in one audited step (db/demo-cohort.ts).

interface AttemptRow {
  id: number;
  student_id: string;
  exam: ExamAttempt['exam'];
  test_date: string | null;
  outcome: ExamAttempt['outcome'];
  score: number | null;
  attempt_order: number | null;
}

export function attemptFromRow(r: AttemptRow): ExamAttempt {
  return { id: r.id, studentId: r.student_id, exam: r.exam, testDate: r.test_date, outcome: r.outcome, score: r.score, attemptOrder: r.attempt_order };
}

export const ATTEMPT_COLUMNS = 'id, student_id, exam, test_date, outcome, score, attempt_order';
/** Unknown dates sort first: an attempt whose date was never recorded is an old one. */
export const ATTEMPT_ORDER = `exam, test_date IS NOT NULL, test_date, attempt_order, id`;

export function listAttempts(db: Db, studentId: string): ExamAttempt[] {
  return (db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE student_id = ? ORDER BY ${ATTEMPT_ORDER}`).all(studentId) as AttemptRow[]).map(attemptFromRow);
}

interface PracticeRow {
  id: number;
  student_id: string;
  exam: PracticeExam['exam'];
  form: string;
  taken_on: string;
  score: number | null;
  pass_probability: number | null;
}

export function practiceFromRow(r: PracticeRow): PracticeExam {
  return { id: r.id, studentId: r.student_id, exam: r.exam, form: r.form, takenOn: r.taken_on, score: r.score, passProbability: r.pass_probability };
}

export const PRACTICE_COLUMNS = 'id, student_id, exam, form, taken_on, score, pass_probability';

export function listPractice(db: Db, studentId: string): PracticeExam[] {
  return (db.prepare(`SELECT ${PRACTICE_COLUMNS} FROM practice_exams WHERE student_id = ? ORDER BY taken_on, id`).all(studentId) as PracticeRow[]).map(practiceFromRow);
}

export function loadSnapshot(db: Db, id: string): StudentSnapshot | null {
  const student = getStudent(db, id);
  if (!student) return null;
  return { student, attempts: listAttempts(db, id), practice: listPractice(db, id), enrolment: loadEnrolment(db, id) ?? undefined };
}

/**
 * Every student with their attempts and practice exams, in three sequential scans (no per-student
 * queries): the shape the rules engine and reports consume. Sorted by student ID.
 */
export function loadAllSnapshots(db: Db): StudentSnapshot[] {
  const byId = new Map<string, StudentSnapshot>();
  const out: StudentSnapshot[] = [];
  for (const row of db.prepare(`SELECT ${STUDENT_COLUMNS} FROM students ORDER BY id`).iterate() as Iterable<StudentRow>) {
    const snap: StudentSnapshot = { student: studentFromRow(row), attempts: [], practice: [] };
    byId.set(row.id, snap);
    out.push(snap);
  }
  for (const row of db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts ORDER BY student_id, ${ATTEMPT_ORDER}`).iterate() as Iterable<AttemptRow>)
    byId.get(row.student_id)?.attempts.push(attemptFromRow(row));
  for (const row of db.prepare(`SELECT ${PRACTICE_COLUMNS} FROM practice_exams ORDER BY student_id, taken_on, id`).iterate() as Iterable<PracticeRow>)
    byId.get(row.student_id)?.practice.push(practiceFromRow(row));
  return out;
}
