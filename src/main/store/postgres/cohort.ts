/**
 * The whole-cohort reader on PostgreSQL: the same snapshots in the same Student ID order as SQLite's
 * `readCohortChunks` (db/cohort-snapshots.ts), in chunks of 5,000 students, each read with one round
 * trip per table. An advisor's session may not read other students' private columns (email, notes,
 * custom fields: migration 0005), so it reads the directory columns and takes the private ones of its
 * own students from `my_students`; the rules need none of them.
 */
import type { EnrolmentChange, ExamAttempt, PracticeExam, Student, StudentSnapshot } from '../../../shared/domain';
import type { SnapshotFilter } from '../../db/cohort-snapshots';
import type { Queryable } from './queryable';

const DIRECTORY = `s.id, s.first_name AS "firstName", s.last_name AS "lastName", s.grad_year AS "gradYear", s.applicant_type AS "applicantType",
  s.target_specialty AS "targetSpecialty", s.backup_specialty AS "backupSpecialty", s.advisor, s.usce_months AS "usceMonths",
  s.us_letters AS "usLetters", s.step1_deadline AS "step1Deadline", s.archived_at AS "archivedAt", s.archived_by AS "archivedBy"`;

/** Whether this session reads every student's private columns (false for an advisor: see above). */
export async function readsPrivateColumns(db: Queryable): Promise<boolean> {
  const r = await db.query<{ ok: boolean }>(`SELECT has_column_privilege('students', 'email', 'SELECT') AS ok`);
  return r.rows[0].ok;
}

type AttemptCells = [number, string, ExamAttempt['exam'], string | null, ExamAttempt['outcome'], number | null, number | null];
type PracticeCells = [number, string, PracticeExam['exam'], string, string, number | null, number | null];

interface StudentRow extends Omit<Student, 'customFields'> {
  customFields: Record<string, string> | null;
  archivedAt: string | null;
  archivedBy: string | null;
}

/** A student's enrolment changes as node-postgres returns them (migration 0007). */
export const ENROLMENT_CHANGE = `id, student_id AS "studentId", status, effective_from AS "effectiveFrom", ends_on AS "endsOn", note, changed_by AS "changedBy", changed_at AS "changedAt"`;

/** Students per round trip: more than SQLite's chunk (each chunk costs three round trips to the server). */
export const OFFICE_COHORT_CHUNK = 5000;

export async function* readCohortPostgres(db: Queryable, filter: SnapshotFilter & { ids?: readonly string[] } = {}, chunkSize = OFFICE_COHORT_CHUNK): AsyncGenerator<StudentSnapshot[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (v: unknown) => `$${params.push(v)}`;
  if (filter.ids) where.push(`s.id = ANY(${param(filter.ids)}::text[])`);
  if (filter.gradYears?.length) where.push(`s.grad_year = ANY(${param(filter.gradYears)}::int[])`);
  if (filter.advisor?.trim()) where.push(`lower(btrim(s.advisor)) = lower(${param(filter.advisor.trim())})`);
  if (filter.applicantType) where.push(`s.applicant_type = ${param(filter.applicantType)}`);
  if (filter.archived !== undefined) where.push(`s.archived_at IS ${filter.archived ? 'NOT ' : ''}NULL`);
  const full = await readsPrivateColumns(db);
  const privateColumns = full
    ? `s.email, s.notes, s.custom_fields AS "customFields"`
    : `m.email, m.notes, m.custom_fields AS "customFields"`;
  const from = full ? 'students s' : 'students s LEFT JOIN my_students m ON m.id = s.id';
  const after = params.length + 1;
  // Student IDs compare byte-wise, as SQLite's do, whatever the database's collation.
  const students = `SELECT ${DIRECTORY}, ${privateColumns} FROM ${from}
    WHERE ${[...where, `s.id COLLATE "C" > $${after}`].join(' AND ')} ORDER BY s.id COLLATE "C" LIMIT ${Number(chunkSize)}`;
  const window = filter.practiceTakenBetween;
  /** One chunk after the student `last`: the students, then their records (three queries at once on a pool). */
  const readChunk = async (last: string): Promise<StudentSnapshot[]> => {
    const rows = (await db.query<StudentRow>(students, [...params, last])).rows;
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const byId = new Map<string, StudentSnapshot>();
    const chunk = rows.map((r) => {
      const snap: StudentSnapshot = {
        student: {
          id: r.id,
          firstName: r.firstName,
          lastName: r.lastName,
          email: r.email ?? null,
          gradYear: r.gradYear,
          applicantType: r.applicantType,
          targetSpecialty: r.targetSpecialty,
          backupSpecialty: r.backupSpecialty,
          advisor: r.advisor,
          usceMonths: r.usceMonths,
          usLetters: r.usLetters,
          step1Deadline: r.step1Deadline,
          notes: r.notes ?? null,
          customFields: r.customFields ?? {},
        },
        attempts: [],
        practice: [],
      };
      if (r.archivedAt !== null) snap.enrolment = { changes: [], archivedAt: r.archivedAt, archivedBy: r.archivedBy };
      byId.set(r.id, snap);
      return snap;
    });
    // Rows as arrays (no object per row from the driver): the domain objects are built once, here. One
    // connection (the snapshot's) runs one query at a time, so they are asked in turn: node-postgres
    // would queue them itself on a busy client, which it deprecates (pg 9 refuses it).
    const attempts = await db.query<unknown[]>({
      text: `SELECT id, student_id, exam, test_date, outcome, score, attempt_order FROM exam_attempts WHERE student_id = ANY($1::text[]) ORDER BY id`,
      values: [ids],
      rowMode: 'array',
    });
    const practice = await db.query<unknown[]>({
      text: `SELECT id, student_id, exam, form, taken_on, score, pass_probability FROM practice_exams
             WHERE student_id = ANY($1::text[])${window ? ' AND taken_on BETWEEN $2 AND $3' : ''} ORDER BY id`,
      values: window ? [ids, window.from, window.to] : [ids],
      rowMode: 'array',
    });
    const changes = await db.query<EnrolmentChange>(`SELECT ${ENROLMENT_CHANGE} FROM enrolment_changes WHERE student_id = ANY($1::text[]) ORDER BY effective_from, id`, [ids]);
    for (const r of attempts.rows as AttemptCells[])
      byId.get(r[1])!.attempts.push({ id: r[0], studentId: r[1], exam: r[2], testDate: r[3], outcome: r[4], score: r[5], attemptOrder: r[6] });
    for (const r of practice.rows as PracticeCells[])
      byId.get(r[1])!.practice.push({ id: r[0], studentId: r[1], exam: r[2], form: r[3], takenOn: r[4], score: r[5], passProbability: r[6] });
    for (const c of changes.rows) {
      const snap = byId.get(c.studentId)!;
      (snap.enrolment ??= { changes: [], archivedAt: null, archivedBy: null }).changes.push(c);
    }
    return chunk;
  };
  // The next chunk is read while the caller works on this one (evaluating it): the server's work and
  // the network's overlap the rules' instead of waiting for them.
  let next: Promise<StudentSnapshot[]> | null = readChunk('');
  try {
    for (;;) {
      const chunk = await next;
      next = null;
      if (chunk.length === 0) return;
      if (chunk.length === Number(chunkSize)) {
        next = readChunk(chunk[chunk.length - 1].student.id);
        // Not awaited if the caller stops early: its failure is not an unhandled rejection then.
        next.catch(() => undefined);
      }
      yield chunk;
      if (!next) return;
    }
  } finally {
    // A caller that stops early leaves the read ahead to finish (its connection goes back to the pool).
    await next?.catch(() => undefined);
  }
}
