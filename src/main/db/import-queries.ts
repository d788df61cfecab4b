/**
 * The SQL an import needs, built for volume: existing rows are fetched for a whole file's students
 * in a few batched queries (never one query per row), and writes go through statements prepared
 * once per import. An import is audited as one batch plus a row per changed value (ImportBatch, below).
 */
import type { Statement } from 'better-sqlite3';
import type { ExamAttempt, ExamAttemptInput, PracticeExam, PracticeExamInput, Student } from '../../shared/domain';
import type { ImportCounts } from '../../shared/api/import';
import { writeAudit, type AuditContext } from './audit';
import type { Db } from './open';
import { ATTEMPT_COLUMNS, attemptFromRow, PRACTICE_COLUMNS, practiceFromRow, STUDENT_COLUMNS, studentFromRow } from './students';

/** SQLite's default limit on host parameters is 32766; far fewer keeps each statement small. */
const BATCH = 500;

/** Statements by connection and text: an import runs the same few lookups hundreds of times. */
const prepared = new WeakMap<Db, Map<string, Statement<unknown[]>>>();

export function statement(db: Db, sql: string): Statement<unknown[]> {
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

/** Every stored Student ID made of digits only (including ones this transaction inserted): those a lost leading zero can hide. */
export function digitStudentIds(db: Db): string[] {
  // The primary key's range of IDs that start with a digit, then the ones that are digits throughout.
  return (statement(db, `SELECT id FROM students WHERE id >= '0' AND id < ':'`).pluck().all() as string[]).filter((id) => /^\d+$/.test(id));
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
 * than one statement per row, which counts at half a million rows. Values are written straight
 * into one reused array (no array per row); a partial batch at the end goes row by row.
 */
class BatchedInsert<T> {
  private readonly rows: T[] = [];
  private readonly values: unknown[];
  private count = 0;
  private readonly width: number;
  private readonly one: Statement<unknown[]>;
  private readonly many: Statement<unknown[]>;

  constructor(
    db: Db,
    table: string,
    columns: readonly string[],
    private readonly perStatement: number,
    /** Writes the row's column values into `values` from `at`. */
    private readonly write: (row: T, values: unknown[], at: number) => void,
    /** Called with each row and its new rowid once written. */
    private readonly written?: (row: T, rowid: number) => void,
  ) {
    this.width = columns.length;
    this.values = new Array<unknown>(perStatement * columns.length);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    this.one = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuple}`);
    this.many = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(perStatement).fill(tuple).join(', ')}`);
  }

  add(row: T): void {
    this.write(row, this.values, this.count * this.width);
    this.rows[this.count] = row;
    if (++this.count === this.perStatement) this.flush();
  }

  flush(): void {
    const n = this.count;
    if (!n) return;
    this.count = 0;
    if (n === this.perStatement) {
      const last = Number(this.many.run(this.values).lastInsertRowid);
      // A multi-row INSERT numbers its rows consecutively (INTEGER PRIMARY KEY, no AUTOINCREMENT).
      if (this.written) for (let i = 0; i < n; i++) this.written(this.rows[i], last - n + 1 + i);
    } else
      for (let i = 0; i < n; i++) {
        const rowid = Number(this.one.run(this.values.slice(i * this.width, (i + 1) * this.width)).lastInsertRowid);
        this.written?.(this.rows[i], rowid);
      }
  }
}

const AUDIT_COLUMNS = ['at', 'actor', 'action', 'entity', 'entity_id', 'field', 'old_value', 'new_value', 'context'] as const;
const STUDENT_INSERT_COLUMNS = [...STUDENT_COLUMNS.split(',').map((c) => c.trim()), 'created_at', 'updated_at', 'import_batch'];
const PRACTICE_INSERT_COLUMNS = ['student_id', 'exam', 'form', 'taken_on', 'score', 'pass_probability', 'source', 'created_at', 'import_batch'];

interface AuditRow {
  action: string;
  entity: string;
  entityId: string;
  field: string | null;
  oldValue: string | null;
  newValue: string | null;
}

/** The file an import reads: what its batch records of it. */
export interface ImportFileFacts {
  name: string;
  bytes: number;
  sha256: string;
}

/**
 * An import's batch (migration 0003): made when the import first changes something, so an import
 * that changes nothing leaves no trace; finished with its counts and one audit row just before the
 * import commits. Rolled back with the import's transaction, like everything else it wrote.
 */
export class ImportBatch {
  private id: number | null = null;

  constructor(
    private readonly db: Db,
    private readonly who: AuditContext,
    private readonly file: ImportFileFacts,
    readonly now: string = new Date().toISOString(),
  ) {}

  /** The batch's id, making the batch on first use. */
  ensure(): number {
    if (this.id === null)
      this.id = Number(
        this.db
          .prepare(`INSERT INTO import_batches (at, actor, file_name, file_bytes, file_sha256, counts) VALUES (?, ?, ?, ?, ?, '{}')`)
          .run(this.now, this.who.actor, this.file.name, this.file.bytes, this.file.sha256).lastInsertRowid,
      );
    return this.id;
  }

  /** Records what the import did (nothing, if it changed nothing): the batch's counts and its audit row. */
  finish(counts: ImportCounts | Readonly<Record<string, { added: number; updated: number }>>): number | null {
    if (this.id === null) return null;
    const text = JSON.stringify(counts);
    this.db.prepare('UPDATE import_batches SET counts = ? WHERE id = ?').run(text, this.id);
    writeAudit(
      this.db,
      this.who,
      {
        action: 'insert',
        entity: 'import_batch',
        entityId: String(this.id),
        // Flat, so the audit viewer lists it as "file: …; students added: …" like any record.
        // (studentsAdded, studentsUpdated, examsAdded, …; programsAdded, … for a program directory.)
        newValue: {
          file: this.file.name,
          bytes: this.file.bytes,
          sha256: this.file.sha256,
          ...Object.fromEntries(Object.entries(counts).flatMap(([what, n]) => [[`${what}Added`, n.added], [`${what}Updated`, n.updated]])),
        },
      },
      this.now,
    );
    return this.id;
  }
}

/**
 * Writers for one import, all stamped with the same time. Records it adds are stamped with its
 * batch (above) rather than each audited again; every value it changes is audited field by field,
 * in the same shape as the single-row writers' (students.ts, attempts.ts). The caller owns the
 * transaction. `source` is recorded on each attempt and practice row (e.g. "import roster.xlsx").
 */
export function importWriter(db: Db, who: AuditContext, source: string, batch: ImportBatch): ImportWriter {
  const now = batch.now;
  const audit = new BatchedInsert<AuditRow>(db, 'audit_log', AUDIT_COLUMNS, 64, (r, v, i) => {
    v[i] = now;
    v[i + 1] = who.actor;
    v[i + 2] = r.action;
    v[i + 3] = r.entity;
    v[i + 4] = r.entityId;
    v[i + 5] = r.field;
    v[i + 6] = r.oldValue;
    v[i + 7] = r.newValue;
    v[i + 8] = who.context;
  });
  const changes = <T extends object>(entity: string, entityId: string, before: T, after: T): boolean => {
    let changed = false;
    for (const field of Object.keys(after) as (keyof T & string)[]) {
      const from = auditText(before[field]);
      const to = auditText(after[field]);
      if (from === to) continue;
      audit.add({ action: 'update', entity, entityId, field, oldValue: from, newValue: to });
      changed = true;
    }
    if (changed) batch.ensure();
    return changed;
  };
  const studentRow = (s: Student): unknown[] => [
    s.id, s.firstName, s.lastName, s.email, s.gradYear, s.applicantType, s.targetSpecialty, s.backupSpecialty,
    s.advisor, s.usceMonths, s.usLetters, s.step1Deadline, s.notes, JSON.stringify(s.customFields), now, now,
  ];
  const stamped = (s: Student): unknown[] => [...studentRow(s), batch.ensure()];
  const students = new BatchedInsert<Student>(
    db,
    'students',
    STUDENT_INSERT_COLUMNS,
    32,
    (s, v, i) => stamped(s).forEach((x, k) => (v[i + k] = x)),
  );
  const practice = new BatchedInsert<PracticeExam>(
    db,
    'practice_exams',
    PRACTICE_INSERT_COLUMNS,
    64,
    (p, v, i) => {
      v[i] = p.studentId;
      v[i + 1] = p.exam;
      v[i + 2] = p.form;
      v[i + 3] = p.takenOn;
      v[i + 4] = p.score;
      v[i + 5] = p.passProbability;
      v[i + 6] = source;
      v[i + 7] = now;
      v[i + 8] = batch.ensure();
    },
    (p, id) => {
      p.id = id;
    },
  );
  const updateStudent = db.prepare(
    `UPDATE students SET first_name = ?, last_name = ?, email = ?, grad_year = ?, applicant_type = ?, target_specialty = ?, backup_specialty = ?,
       advisor = ?, usce_months = ?, us_letters = ?, step1_deadline = ?, notes = ?, custom_fields = ?, updated_at = ? WHERE id = ?`,
  );
  const attempts = new BatchedInsert<ExamAttempt>(
    db,
    'exam_attempts',
    ['student_id', 'exam', 'test_date', 'outcome', 'score', 'attempt_order', 'source', 'created_at', 'import_batch'],
    64,
    (a, v, i) => {
      v[i] = a.studentId;
      v[i + 1] = a.exam;
      v[i + 2] = a.testDate;
      v[i + 3] = a.outcome;
      v[i + 4] = a.score;
      v[i + 5] = a.attemptOrder;
      v[i + 6] = source;
      v[i + 7] = now;
      v[i + 8] = batch.ensure();
    },
    (a, id) => {
      a.id = id;
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
 * Secondary indexes no query of an import reads (it finds rows by student ID and by each exam's
 * student: students' primary key, exam_attempts_by_student, practice_exams_natural_key).
 */
const DEFERRABLE_INDEXES = ['students_by_grad_year', 'students_by_advisor', 'students_by_name', 'students_by_target', 'exam_attempts_by_exam_date'];

/** Rows in the tables an import writes: what rebuilding their indexes would cost. */
export function importTableRows(db: Db): number {
  return ['students', 'exam_attempts', 'practice_exams'].reduce((n, t) => n + (db.prepare(`SELECT count(*) FROM ${t}`).pluck().get() as number), 0);
}

/**
 * For an import large against the database (the first import of a whole class, say): drops the
 * indexes above inside the import's transaction and returns what rebuilds them, to be called just
 * before it commits. Keeping five indexes in order row by row costs more than building them once
 * at the end (about 1.5 s of a 100,000-student import, against 0.3 s to rebuild). Anything that
 * ends the transaction otherwise (an error, a preview, a cancel, a crash) rolls the drop back with
 * the rest; other connections see the indexes throughout.
 */
export function deferIndexes(db: Db): () => void {
  const defs = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN (${DEFERRABLE_INDEXES.map(() => '?').join(', ')})`)
    .all(...DEFERRABLE_INDEXES) as { name: string; sql: string }[];
  for (const d of defs) db.exec(`DROP INDEX "${d.name}"`);
  return () => {
    for (const d of defs) db.exec(d.sql);
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
