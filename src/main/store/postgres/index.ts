/**
 * The Store on PostgreSQL (node-postgres): an office database, read and written under the signed-in
 * person's own login, so grants and row-level security (migration 0005) decide what they see.
 */
import pg from 'pg';
import type { ExamAttempt, PracticeExam, StudentSnapshot } from '../../../shared/domain';
import type { Store } from '../store';
import { readCohortPostgres, readsPrivateColumns } from './cohort';
import { DatabaseError } from '../../db/errors';
import { openPool, redact } from './connect';
import { migratePostgres, schemaVersion } from './migrate';
import { POSTGRES_MIGRATIONS } from './migrations';
import type { Queryable } from './queryable';
import { loadReferenceDataPostgres } from './reference';

async function snapshotOf(db: Queryable, id: string): Promise<StudentSnapshot | null> {
  const full = await readsPrivateColumns(db);
  const privateColumns = full ? 's.email, s.notes, s.custom_fields' : 'm.email, m.notes, m.custom_fields';
  const from = full ? 'students s' : 'students s LEFT JOIN my_students m ON m.id = s.id';
  const r = await db.query(
    `SELECT s.id, s.first_name, s.last_name, ${privateColumns}, s.grad_year, s.applicant_type, s.target_specialty, s.backup_specialty,
            s.advisor, s.usce_months, s.us_letters, s.step1_deadline
     FROM ${from} WHERE s.id = $1`,
    [id],
  );
  const row = r.rows[0];
  if (!row) return null;
  const attempts = await db.query<ExamAttempt>(
    `SELECT id, student_id AS "studentId", exam, test_date AS "testDate", outcome, score, attempt_order AS "attemptOrder" FROM exam_attempts
     WHERE student_id = $1 ORDER BY exam COLLATE "C", test_date IS NOT NULL, test_date, attempt_order NULLS FIRST, id`,
    [id],
  );
  const practice = await db.query<PracticeExam>(
    `SELECT id, student_id AS "studentId", exam, form, taken_on AS "takenOn", score, pass_probability AS "passProbability" FROM practice_exams
     WHERE student_id = $1 ORDER BY taken_on, id`,
    [id],
  );
  return {
    student: {
      id: row.id,
      firstName: row.first_name,
      lastName: row.last_name,
      email: row.email ?? null,
      gradYear: row.grad_year,
      applicantType: row.applicant_type,
      targetSpecialty: row.target_specialty,
      backupSpecialty: row.backup_specialty,
      advisor: row.advisor,
      usceMonths: row.usce_months,
      usLetters: row.us_letters,
      step1Deadline: row.step1_deadline,
      notes: row.notes ?? null,
      customFields: row.custom_fields ?? {},
    },
    attempts: attempts.rows,
    practice: practice.rows,
  };
}

export function postgresStore(pool: pg.Pool): Store {
  return {
    engine: 'postgres',
    readCohort: (filter, chunkSize) => readCohortPostgres(pool, filter, chunkSize),
    snapshot: (id) => snapshotOf(pool, id),
    referenceData: () => loadReferenceDataPostgres(pool),
    close: () => pool.end(),
  };
}

/** Connects to an office database (migrating it if this version is newer) and returns its store. */
export async function openPostgresStore(url: string, extra: Partial<pg.PoolConfig> = {}): Promise<Store & { sessionUser: string }> {
  const pool = openPool(url, extra);
  try {
    const client = await pool.connect();
    let sessionUser: string;
    try {
      const version = await schemaVersion(client);
      if (version !== POSTGRES_MIGRATIONS[POSTGRES_MIGRATIONS.length - 1].version)
        await migratePostgres(client).catch((err: unknown) => {
          if ((err as { code?: string }).code !== '42501') throw err;
          throw new DatabaseError(
            `The office database is at schema ${version}; this version of Stepwise needs ${POSTGRES_MIGRATIONS.length}. IT brings it up to date with: stepwise office init --db ${redact(url)}`,
            'OPEN_FAILED',
          );
        });
      sessionUser = (await client.query<{ u: string }>('SELECT session_user AS u')).rows[0].u;
    } finally {
      client.release();
    }
    return { ...postgresStore(pool), sessionUser };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw err;
  }
}
