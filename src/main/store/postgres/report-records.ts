/**
 * The committee workbook's roster and exam histories read straight from an office database
 * (db/report-records.ts): every student in `loadStudentsByName`'s order, every attempt, and the
 * practice exams of the report's readiness window, each student's in id order — the same objects the
 * laptop's readers (db/cohort-snapshots.ts) give from its file, read by COPY (copy-out.ts) with no
 * SQLite copy in between. The report's reading thread calls `readRecordsInThread` on a connection of
 * its own, in the snapshot the rest of the report was read in.
 */
import pg from 'pg';
import {
  ATTEMPT_COLUMNS,
  attemptOf,
  historyOf,
  practiceOf,
  PRACTICE_COLUMNS,
  sortStudentsByName,
  STUDENT_COLUMNS,
  studentOf,
  type AttemptCells,
  type ExamHistory,
  type PracticeCells,
  type StudentCells,
} from '../../db/cohort-snapshots';
import type { RecordsForThread, ReportRecords } from '../../db/report-records';
import type { Student } from '../../../shared/domain';
import { domainTypes, resolvedPassword } from './connect';
import { copyRows } from './copy-out';

/** The records as of the client's transaction. */
export async function readReportRecords(client: pg.ClientBase, practiceWindow: { from: string; to: string }): Promise<ReportRecords> {
  const students: Student[] = [];
  // Custom fields as the JSON text SQLite keeps (studentOf parses it).
  const columns = STUDENT_COLUMNS.replace('custom_fields', 'custom_fields::text');
  // Sorted here, as SQLite sorts (an ORDER BY on the server made the first row wait longer than the sort takes).
  await copyRows(client, `SELECT ${columns} FROM students`, (r) => students.push(studentOf(r as StudentCells)));
  const history: ExamHistory = new Map();
  const of = (id: string) => historyOf(history, id);
  await copyRows(client, `SELECT ${ATTEMPT_COLUMNS} FROM exam_attempts ORDER BY id`, (r) => of(r[1] as string).attempts.push(attemptOf(r as AttemptCells)));
  const window = `taken_on BETWEEN ${client.escapeLiteral(practiceWindow.from)} AND ${client.escapeLiteral(practiceWindow.to)}`;
  await copyRows(client, `SELECT ${PRACTICE_COLUMNS} FROM practice_exams WHERE ${window} ORDER BY id`, (r) => of(r[1] as string).practice.push(practiceOf(r as PracticeCells)));
  return { students: sortStudentsByName(students), history };
}

/**
 * The connection settings a reading thread can be given: plain values only (a pool's type parsers
 * and its own sizes stay behind; the thread sets the same parsers itself).
 */
export async function threadConnection(pool: pg.Pool): Promise<Record<string, unknown>> {
  const options = pool.options as pg.PoolConfig & Record<string, unknown>;
  const { types: _types, max: _max, idleTimeoutMillis: _idle, ...rest } = options;
  const plain = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined && typeof v !== 'function'));
  // The password as this process has it (node-postgres keeps it out of the options' enumerable keys, so it is
  // not logged): the keychain's, PGPASSWORD or .pgpass's, resolved here; none when the server asks for none.
  const password = await resolvedPassword(options);
  return password === undefined ? plain : { ...plain, password };
}

/** In the report's reading thread: the records, in the snapshot the rest of the report was read in, under the same login. */
export async function readRecordsInThread(spec: RecordsForThread): Promise<ReportRecords> {
  const client = new pg.Client({ ...(spec.connection as pg.ClientConfig), types: domainTypes });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`SET TRANSACTION SNAPSHOT ${client.escapeLiteral(spec.snapshot)}`);
    // Instants in UTC: copy-out.ts reads them without a Date each.
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    const records = await readReportRecords(client, spec.practiceWindow);
    await client.query('COMMIT');
    return records;
  } finally {
    await client.end();
  }
}
