/**
 * Every matching student with their attempts and practice exams, read for the risk engine: three
 * table scans as raw rows, no SQL sort (the rules order a student's attempts themselves), and the
 * cohort filters applied in SQL. PRODUCT.md asks for the flags of 100,000 students in under 1 s, and
 * the ORDER BY of the general loader (loadAllSnapshots) costs two sorts of several hundred thousand rows.
 * Attempts and practice exams come in storage order; students are sorted by ID.
 */
import { inEffectOrder, type ApplicantType, type Enrolment, type EnrolmentChange, type ExamAttempt, type PracticeExam, type Student, type StudentSnapshot } from '../../shared/domain';
import { CHANGE_COLUMNS, changeOf, type ChangeCells } from './enrolment';
import type { Db } from './open';
import { binaryCompare, nocase } from './sqlite-text';

export interface SnapshotFilter {
  gradYears?: readonly number[];
  /** Compared trimmed and case-insensitively. */
  advisor?: string;
  applicantType?: ApplicantType;
  /**
   * Only practice exams taken in this window (both days included). The rules read practice results
   * from the readiness window only (RULES.md §4: "from the last 60 days"), so the flags of a cohort
   * need not decode a decade of practice history. Omit for complete snapshots.
   */
  practiceTakenBetween?: { from: string; to: string };
  /** true: archived students only; false: archived students left out; omitted: everyone (migration 0007). */
  archived?: boolean;
}

/** `inKeyOrder`: keep SQLite from choosing the class index, whose rows would need sorting by ID on every chunk. */
function whereClause(filter: SnapshotFilter, inKeyOrder = false): { sql: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.gradYears?.length) {
    where.push(`${inKeyOrder ? '+' : ''}grad_year IN (${filter.gradYears.map(() => '?').join(', ')})`);
    params.push(...filter.gradYears);
  }
  if (filter.advisor?.trim()) {
    where.push('lower(trim(advisor)) = lower(?)');
    params.push(filter.advisor.trim());
  }
  if (filter.applicantType) {
    where.push('applicant_type = ?');
    params.push(filter.applicantType);
  }
  if (filter.archived !== undefined) where.push(`archived_at IS ${filter.archived ? 'NOT ' : ''}NULL`);
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', params };
}

export type StudentCells = [string, string, string, string | null, number, Student['applicantType'], string | null, string | null, string | null, number | null, number | null, string | null, string | null, string, string | null, string | null];
export type AttemptCells = [number, string, ExamAttempt['exam'], string | null, ExamAttempt['outcome'], number | null, number | null];
export type PracticeCells = [number, string, PracticeExam['exam'], string, string, number | null, number | null];

export const STUDENT_COLUMNS = `id, first_name, last_name, email, grad_year, applicant_type, target_specialty, backup_specialty,
              advisor, usce_months, us_letters, step1_deadline, notes, custom_fields, archived_at, archived_by`;

/** A snapshot's enrolment when it says anything (an archive or a change); undefined = active, not archived, and nothing allocated. */
function enrolmentOf(r: StudentCells, changes: EnrolmentChange[] | undefined): Enrolment | undefined {
  if (r[14] === null && !changes) return undefined;
  return { changes: changes ? inEffectOrder(changes) : [], archivedAt: r[14], archivedBy: r[15] };
}

/** The enrolment changes of some students (a statement taking the chunk's scope), by student. */
function changesByStudent(rows: Iterable<ChangeCells>): Map<string, EnrolmentChange[]> {
  const out = new Map<string, EnrolmentChange[]>();
  for (const r of rows) {
    const list = out.get(r[1]);
    if (list) list.push(changeOf(r));
    else out.set(r[1], [changeOf(r)]);
  }
  return out;
}

/** A student from its STUDENT_COLUMNS cells (custom fields as JSON text). */
export function studentOf(r: StudentCells): Student {
  return {
    id: r[0],
    firstName: r[1],
    lastName: r[2],
    email: r[3],
    gradYear: r[4],
    applicantType: r[5],
    targetSpecialty: r[6],
    backupSpecialty: r[7],
    advisor: r[8],
    usceMonths: r[9],
    usLetters: r[10],
    step1Deadline: r[11],
    notes: r[12],
    customFields: r[13] === '{}' ? {} : (JSON.parse(r[13]) as Record<string, string>),
  };
}

export const ATTEMPT_COLUMNS = 'id, student_id, exam, test_date, outcome, score, attempt_order';
export const PRACTICE_COLUMNS = 'id, student_id, exam, form, taken_on, score, pass_probability';

/** An attempt from its ATTEMPT_COLUMNS cells (as either engine returns them). */
export function attemptOf(r: AttemptCells): ExamAttempt {
  return { id: r[0], studentId: r[1], exam: r[2], testDate: r[3], outcome: r[4], score: r[5], attemptOrder: r[6] };
}

/** A practice exam from its PRACTICE_COLUMNS cells (as either engine returns them). */
export function practiceOf(r: PracticeCells): PracticeExam {
  return { id: r[0], studentId: r[1], exam: r[2], form: r[3], takenOn: r[4], score: r[5], passProbability: r[6] };
}

export function loadCohortSnapshots(db: Db, filter: SnapshotFilter = {}): StudentSnapshot[] {
  const { sql, params } = whereClause(filter);
  const byId = new Map<string, StudentSnapshot>();
  const out: StudentSnapshot[] = [];
  const students = db
    .prepare(
      `SELECT ${STUDENT_COLUMNS} FROM students ${sql}`,
    )
    .raw()
    .all(...params) as StudentCells[];
  const changes = changesByStudent(db.prepare(`SELECT ${CHANGE_COLUMNS} FROM enrolment_changes`).raw().iterate() as Iterable<ChangeCells>);
  for (const r of students) {
    const snap: StudentSnapshot = { student: studentOf(r), attempts: [], practice: [] };
    const e = enrolmentOf(r, changes.get(r[0]));
    if (e) snap.enrolment = e;
    byId.set(r[0], snap);
    out.push(snap);
  }
  out.sort((a, b) => (a.student.id < b.student.id ? -1 : a.student.id > b.student.id ? 1 : 0));
  // Restricted to the matching students only when a filter narrows them; otherwise a plain scan.
  const scope = sql ? `WHERE student_id IN (SELECT id FROM students ${sql})` : '';
  for (const r of db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts ${scope}`).raw().iterate(...params) as Iterable<AttemptCells>)
    byId.get(r[1])?.attempts.push(attemptOf(r));
  const window = filter.practiceTakenBetween;
  const practiceWhere = [scope.replace(/^WHERE /, ''), window ? 'taken_on BETWEEN ? AND ?' : ''].filter(Boolean);
  const practiceParams = window ? [...(scope ? params : []), window.from, window.to] : scope ? params : [];
  const practiceSql = `SELECT ${PRACTICE_COLUMNS} FROM practice_exams ${practiceWhere.length ? `WHERE ${practiceWhere.join(' AND ')}` : ''}`;
  for (const r of db.prepare(practiceSql).raw().iterate(...practiceParams) as Iterable<PracticeCells>)
    byId.get(r[1])?.practice.push(practiceOf(r));
  return out;
}

/**
 * Students read per chunk by `readCohortChunks`: small enough that a chunk's objects die young.
 * The chunk alive while it is evaluated is what every young-generation collection copies: 1,000
 * took 8-17% less CPU than 2,000 for the flags of 100,000 students in three of four alternating
 * runs (medians of 5-8; the fourth, at load 12 on 2 cores, showed no difference); 500 and 250 no
 * less than 1,000, 5,000 more (2026-12-05).
 */
export const COHORT_CHUNK = 1000;

/** The three statements of `readCohortChunks` (exported for its query-plan test). */
export function cohortChunkQueries(filter: SnapshotFilter, chunkSize = COHORT_CHUNK): { students: string; attempts: string; practice: string; enrolment: string; params: unknown[]; byIds: boolean } {
  const { sql, params } = whereClause(filter, true);
  // Unfiltered, a chunk's history is one range of each index; narrowed to a class, an advisor or a
  // type, the chunk's own IDs (the range would also decode every non-matching student's rows
  // between them). Leaving archived students out does not narrow: they are few, their rows in the
  // range are read and dropped, and one seek per student per table instead of one per chunk cost
  // the flags of 100,000 students about 100 ms more CPU (2026-12-05).
  const narrowed = Boolean(filter.gradYears?.length || filter.advisor?.trim() || filter.applicantType);
  const scope = narrowed ? 'student_id IN (SELECT value FROM json_each(?))' : 'student_id BETWEEN ? AND ?';
  return {
    students: `SELECT ${STUDENT_COLUMNS} FROM students ${sql ? `${sql} AND` : 'WHERE'} id > ? ORDER BY id LIMIT ${chunkSize}`,
    attempts: `SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE ${scope}`,
    practice: `SELECT ${PRACTICE_COLUMNS} FROM practice_exams WHERE ${scope}${filter.practiceTakenBetween ? ' AND taken_on BETWEEN ? AND ?' : ''}`,
    enrolment: `SELECT ${CHANGE_COLUMNS} FROM enrolment_changes WHERE ${scope}`,
    params,
    byIds: narrowed,
  };
}

/**
 * The same snapshots as `loadCohortSnapshots`, in Student ID order, a chunk of students at a time:
 * each chunk's students by their key, then their attempts and practice exams by the per-student
 * indexes. A caller that evaluates a chunk and lets it go keeps only its results alive: holding all
 * 100,000 snapshots until the last one is read made garbage collection a third of the flags' cost.
 */
export function* readCohortChunks(db: Db, filter: SnapshotFilter = {}, chunkSize = COHORT_CHUNK): Generator<StudentSnapshot[]> {
  const q = cohortChunkQueries(filter, chunkSize);
  const { params } = q;
  const students = db.prepare(q.students).raw();
  const attempts = db.prepare(q.attempts).raw();
  const practice = db.prepare(q.practice).raw();
  const enrolment = db.prepare(q.enrolment).raw();
  const window = filter.practiceTakenBetween;
  const windowParams = window ? [window.from, window.to] : [];
  let after = '';
  for (;;) {
    const rows = students.all(...params, after) as StudentCells[];
    if (rows.length === 0) return;
    after = rows[rows.length - 1][0];
    const scopeParams = q.byIds ? [JSON.stringify(rows.map((r) => r[0]))] : [rows[0][0], after];
    const changes = changesByStudent(enrolment.iterate(...scopeParams) as Iterable<ChangeCells>);
    const byId = new Map<string, StudentSnapshot>();
    const chunk = rows.map((r) => {
      const snap: StudentSnapshot = { student: studentOf(r), attempts: [], practice: [] };
      const e = enrolmentOf(r, changes.get(r[0]));
      if (e) snap.enrolment = e;
      byId.set(r[0], snap);
      return snap;
    });
    for (const r of attempts.all(...scopeParams) as AttemptCells[]) byId.get(r[1])?.attempts.push(attemptOf(r));
    for (const r of practice.all(...scopeParams, ...windowParams) as PracticeCells[]) byId.get(r[1])?.practice.push(practiceOf(r));
    yield chunk;
  }
}

/** Students in `loadStudentsByName`'s order (surname, given name, NOCASE; then ID), sorted here: for students read elsewhere. */
export function sortStudentsByName(students: readonly Student[]): Student[] {
  const keyed = students.map((s) => ({ s, last: nocase(s.lastName), first: nocase(s.firstName) }));
  keyed.sort((a, b) => binaryCompare(a.last, b.last) || binaryCompare(a.first, b.first) || binaryCompare(a.s.id, b.s.id));
  return keyed.map((k) => k.s);
}

/**
 * Every student in the Roster screen's name order (last name, first name, case-insensitive, then
 * ID), without exam history: for a reader that goes through the roster a slice at a time and reads
 * each slice's history with `withExamHistory` (the committee report, which starts writing its
 * first rows while later students are still unread).
 */
export function loadStudentsByName(db: Db): Student[] {
  const rows = db.prepare(`SELECT ${STUDENT_COLUMNS} FROM students ORDER BY last_name COLLATE NOCASE, first_name COLLATE NOCASE, id`).raw().all() as StudentCells[];
  return rows.map(studentOf);
}

/**
 * These students' snapshots: their attempts and practice exams (those taken in the window only,
 * when one is given), read through the per-student indexes. Same rows as `loadCohortSnapshots`.
 */
export function withExamHistory(db: Db, students: readonly Student[], practiceTakenBetween?: { from: string; to: string }): StudentSnapshot[] {
  const byId = new Map<string, StudentSnapshot>();
  const out = students.map((student) => {
    const snap: StudentSnapshot = { student, attempts: [], practice: [] };
    byId.set(student.id, snap);
    return snap;
  });
  const ids = JSON.stringify(students.map((s) => s.id));
  const attempts = db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts WHERE student_id IN (SELECT value FROM json_each(?))`);
  for (const r of attempts.raw().all(ids) as AttemptCells[])
    byId.get(r[1])!.attempts.push(attemptOf(r));
  const window = practiceTakenBetween ? ' AND taken_on BETWEEN ? AND ?' : '';
  const practice = db.prepare(`SELECT ${PRACTICE_COLUMNS} FROM practice_exams WHERE student_id IN (SELECT value FROM json_each(?))${window}`);
  const params = practiceTakenBetween ? [ids, practiceTakenBetween.from, practiceTakenBetween.to] : [ids];
  for (const r of practice.raw().all(...params) as PracticeCells[])
    byId.get(r[1])!.practice.push(practiceOf(r));
  return out;
}

/** Students' attempts and practice exams by Student ID (a student with neither is absent), each in id order. */
export type ExamHistory = Map<string, Pick<StudentSnapshot, 'attempts' | 'practice'>>;

/** A student's entry in exam histories being read, made when it is first needed. */
export function historyOf(history: ExamHistory, id: string): Pick<StudentSnapshot, 'attempts' | 'practice'> {
  let h = history.get(id);
  if (!h) history.set(id, (h = { attempts: [], practice: [] }));
  return h;
}

/** Every student's attempts and practice exams (those taken in the window only, when one is given), by Student ID: one scan of each table. */
export function examHistoryByStudent(db: Db, practiceTakenBetween?: { from: string; to: string }): ExamHistory {
  const out: ExamHistory = new Map();
  const of = (id: string) => historyOf(out, id);
  for (const r of db.prepare(`SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts`).raw().all() as AttemptCells[])
    of(r[1]).attempts.push(attemptOf(r));
  const window = practiceTakenBetween ? ' WHERE taken_on BETWEEN ? AND ?' : '';
  const params = practiceTakenBetween ? [practiceTakenBetween.from, practiceTakenBetween.to] : [];
  for (const r of db.prepare(`SELECT ${PRACTICE_COLUMNS} FROM practice_exams${window}`).raw().all(...params) as PracticeCells[])
    of(r[1]).practice.push(practiceOf(r));
  return out;
}

/**
 * Which of these exams anyone has an attempt at (booked included): anyone among `students` when
 * given, else anyone at all. Stops reading at the first attempt of each exam.
 */
export function examsAttempted(db: Db, exams: readonly ExamAttempt['exam'][], students?: ReadonlySet<string>): Set<ExamAttempt['exam']> {
  const found = new Set<ExamAttempt['exam']>();
  const attemptsAt = db.prepare(`SELECT student_id FROM exam_attempts WHERE exam = ?`).pluck();
  for (const exam of exams) {
    for (const id of attemptsAt.iterate(exam) as Iterable<string>) {
      if (students && !students.has(id)) continue;
      found.add(exam);
      break;
    }
  }
  return found;
}

/** `examsAttempted` over exam histories already read (every attempt of every student there). */
export function examsAttemptedIn(history: ExamHistory, exams: readonly ExamAttempt['exam'][], students?: ReadonlySet<string>): Set<ExamAttempt['exam']> {
  const found = new Set<ExamAttempt['exam']>();
  for (const [id, h] of history) {
    if (students && !students.has(id)) continue;
    for (const a of h.attempts) if (exams.includes(a.exam)) found.add(a.exam);
    if (found.size === exams.length) break;
  }
  return found;
}
