/**
 * The SQL an import needs, built for volume: existing rows are fetched for a whole file's students
 * in a few batched queries (never one query per row), and writes go through statements prepared
 * once per import. Audit rows have the same shape as the single-row writers' (students.ts, attempts.ts).
 */
import type { Statement } from 'better-sqlite3';
import type { ExamAttempt, ExamAttemptInput, PracticeExam, PracticeExamInput, Student } from '../../shared/domain';
import type { AuditContext } from './audit';
import type { Db } from './open';
import { ATTEMPT_COLUMNS, attemptFromRow, PRACTICE_COLUMNS, practiceFromRow, STUDENT_COLUMNS, studentFromRow } from './students';

/** SQLite's default limit on host parameters is 32766; far fewer keeps each statement small. */
const BATCH = 500;

/** Statements by connection and text: an import runs the same few lookups hundreds of times. */
const prepared = new WeakMap<Db, Map<string, Statement<unknown[]>>>();

function statement(db: Db, sql: string): Statement<unknown[]> {
  let cache = prepared.get(db);
  if (!cache) prepared.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** Runs `sql` over the IDs in batches; placeholder lists are padded to a few sizes so the statements are reused. */
function inBatches<R>(db: Db, sql: (placeholders: string) => string, ids: readonly string[], each: (row: R) => void): void {
  for (let i = 0; i < ids.length; i += BATCH) {
    const chunk = ids.slice(i, i + BATCH);
    const size = chunk.length <= 16 ? 16 : chunk.length <= 128 ? 128 : BATCH;
    // Padding repeats an ID: the IN list is a set, so the rows are the same.
    while (chunk.length < size) chunk.push(chunk[0]);
    for (const row of statement(db, sql(Array(size).fill('?').join(','))).iterate(...chunk) as Iterable<R>) each(row);
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

/** Which of these IDs are students (including ones this transaction inserted). */
export function existingStudentIds(db: Db, ids: readonly string[]): Set<string> {
  const out = new Set<string>();
  inBatches<{ id: string }>(db, (p) => `SELECT id FROM students WHERE id IN (${p})`, ids, (r) => out.add(r.id));
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
  /** Buffered: written by the next flush(). */
  insertStudent(s: Student): void;
  updateStudent(before: Student, after: Student): void;
  /** Buffered like practice exams; `a.id` is set to the new rowid when the batch is written. */
  insertAttempt(a: ExamAttempt): void;
  updateAttempt(before: ExamAttempt, after: ExamAttempt): void;
  /** Buffered: the object is read when flushed (a later row of the same chunk may still fill in its blanks), and `p.id` set then. */
  insertPractice(p: PracticeExam): void;
  updatePractice(before: PracticeExam, after: PracticeExam): void;
  /** Writes everything buffered; call before reading what was written, and before COMMIT. */
  flush(): void;
}

/** Same text as audit.ts writes for a value: strings as they are, anything else as JSON. */
function auditText(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/**
 * Rows inserted `perStatement` at a time through one multi-row INSERT: a third less work per row
 * than one statement per row, which counts at half a million rows. A partial batch goes row by row.
 */
class BatchedInsert<T> {
  private pending: T[] = [];
  private readonly one: Statement<unknown[]>;
  private readonly many: Statement<unknown[]>;
  /** Reused for every full batch: one array of perStatement × columns values. */
  private readonly args: unknown[];

  constructor(
    db: Db,
    table: string,
    columns: readonly string[],
    private readonly perStatement: number,
    private readonly params: (row: T) => unknown[],
    /** Called with each row and its new rowid once written. */
    private readonly written?: (row: T, rowid: number) => void,
  ) {
    this.args = new Array<unknown>(perStatement * columns.length);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    this.one = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuple}`);
    this.many = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(perStatement).fill(tuple).join(', ')}`);
  }

  add(row: T): void {
    this.pending.push(row);
    if (this.pending.length === this.perStatement) this.flush();
  }

  flush(): void {
    const rows = this.pending;
    if (!rows.length) return;
    this.pending = [];
    if (rows.length === this.perStatement) {
      let k = 0;
      for (const r of rows) for (const v of this.params(r)) this.args[k++] = v;
      const last = Number(this.many.run(this.args).lastInsertRowid);
      // A multi-row INSERT numbers its rows consecutively (INTEGER PRIMARY KEY, no AUTOINCREMENT).
      if (this.written) rows.forEach((r, i) => this.written!(r, last - rows.length + 1 + i));
    } else
      for (const r of rows) {
        const rowid = Number(this.one.run(...this.params(r)).lastInsertRowid);
        this.written?.(r, rowid);
      }
  }
}

const AUDIT_COLUMNS = ['at', 'actor', 'action', 'entity', 'entity_id', 'field', 'old_value', 'new_value', 'context'] as const;
const STUDENT_INSERT_COLUMNS = [...STUDENT_COLUMNS.split(',').map((c) => c.trim()), 'created_at', 'updated_at'];
const PRACTICE_INSERT_COLUMNS = ['student_id', 'exam', 'form', 'taken_on', 'score', 'pass_probability', 'source', 'created_at'];

type AuditRow = [action: string, entity: string, entityId: string, field: string | null, oldValue: string | null, newValue: string | null];

/**
 * Writers for one import, all stamped with the same time; every change also goes to the audit log,
 * in the same shape as the single-row writers' (students.ts, attempts.ts). The caller owns the
 * transaction. `source` is recorded on each attempt and practice row (e.g. "import roster.xlsx").
 */
export function importWriter(db: Db, who: AuditContext, source: string, now: string = new Date().toISOString()): ImportWriter {
  const audit = new BatchedInsert<AuditRow>(db, 'audit_log', AUDIT_COLUMNS, 64, (r) => [now, who.actor, ...r, who.context]);
  const changes = <T extends object>(entity: string, entityId: string, before: T, after: T): boolean => {
    let changed = false;
    for (const field of Object.keys(after) as (keyof T & string)[]) {
      const from = auditText(before[field]);
      const to = auditText(after[field]);
      if (from === to) continue;
      audit.add(['update', entity, entityId, field, from, to]);
      changed = true;
    }
    return changed;
  };
  const studentRow = (s: Student): unknown[] => [
    s.id, s.firstName, s.lastName, s.email, s.gradYear, s.applicantType, s.targetSpecialty, s.backupSpecialty,
    s.advisor, s.usceMonths, s.usLetters, s.step1Deadline, s.notes, JSON.stringify(s.customFields), now, now,
  ];
  const students = new BatchedInsert<Student>(db, 'students', STUDENT_INSERT_COLUMNS, 32, studentRow, (s) => audit.add(['insert', 'student', s.id, null, null, JSON.stringify(s)]));
  const practice = new BatchedInsert<PracticeExam>(
    db,
    'practice_exams',
    PRACTICE_INSERT_COLUMNS,
    64,
    (p) => [p.studentId, p.exam, p.form, p.takenOn, p.score, p.passProbability, source, now],
    (p, id) => {
      p.id = id;
      audit.add(['insert', 'practice_exam', String(id), null, null, JSON.stringify(p)]);
    },
  );
  const updateStudent = db.prepare(
    `UPDATE students SET first_name = ?, last_name = ?, email = ?, grad_year = ?, applicant_type = ?, target_specialty = ?, backup_specialty = ?,
       advisor = ?, usce_months = ?, us_letters = ?, step1_deadline = ?, notes = ?, custom_fields = ?, updated_at = ? WHERE id = ?`,
  );
  const attempts = new BatchedInsert<ExamAttempt>(
    db,
    'exam_attempts',
    ['student_id', 'exam', 'test_date', 'outcome', 'score', 'attempt_order', 'source', 'created_at'],
    64,
    (a) => [a.studentId, a.exam, a.testDate, a.outcome, a.score, a.attemptOrder, source, now],
    (a, id) => {
      a.id = id;
      audit.add(['insert', 'exam_attempt', String(id), null, null, JSON.stringify(a)]);
    },
  );
  const updateAttempt = db.prepare(`UPDATE exam_attempts SET exam = ?, test_date = ?, outcome = ?, score = ?, attempt_order = ? WHERE id = ?`);
  const updatePractice = db.prepare(`UPDATE practice_exams SET exam = ?, form = ?, taken_on = ?, score = ?, pass_probability = ? WHERE id = ?`);

  return {
    insertStudent: (s) => students.add(s),
    updateStudent(before, after) {
      if (changes('student', before.id, before, after)) updateStudent.run(...studentRow(after).slice(1, 14), now, after.id);
    },
    insertAttempt: (a) => attempts.add(a),
    updateAttempt(before, after) {
      if (changes('exam_attempt', String(before.id), before, after)) updateAttempt.run(after.exam, after.testDate, after.outcome, after.score, after.attemptOrder, before.id);
    },
    insertPractice: (p) => practice.add(p),
    updatePractice(before, after) {
      if (changes('practice_exam', String(before.id), before, after)) updatePractice.run(after.exam, after.form, after.takenOn, after.score, after.passProbability, before.id);
    },
    flush() {
      students.flush();
      attempts.flush();
      practice.flush();
      audit.flush();
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
