/**
 * The committee workbook on an office database. The workbook's reading (cohort, follow-ups,
 * acknowledgements, enrolment, outcomes) is written against SQLite, in a worker thread that opens a
 * database file; rather than a second copy of it, the office's records are read, in one consistent
 * snapshot (REPEATABLE READ) under the person's own login, into a private SQLite file (a folder only
 * this user can read, deleted when the workbook is written), and the workbook is made from that file
 * exactly as on a laptop. The audit log, saved filters and import batches are not copied: the
 * workbook does not read them.
 *
 * Nor is the bulk of it: the students (but the archived ones, whose archive the enrolment reader
 * reads there) and their exam records. The report's reading thread reads those from the office
 * database itself, on a connection of its own in the same snapshot (PostgreSQL's exported snapshot),
 * in the order and shape the laptop's readers give (db/report-records.ts, report-records.ts): at
 * 100,000 students, writing them into SQLite only for the thread to read them back was most of the
 * snapshot's time, and the report's first rows waited for it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { openDatabase, type Db } from '../../db/open';
import type { ReportSource } from '../store';
import { keepRecordsOutside } from '../../db/report-records';
import { COPIED_TABLES } from './copy';
import { localToday } from '../../../shared/domain';
import { ruleSettings } from '../../../shared/rules/rule-settings';
import { copyIntoSqlite } from './copy-out';
import { loadReferenceDataPostgres } from './reference';
import { readReportRecords, threadConnection } from './report-records';

/** Not copied: what the workbook does not read, and the exam records (read from the office database itself). */
const NOT_COPIED = new Set(['audit_log', 'saved_filters', 'import_batches', 'exam_attempts', 'practice_exams']);
/** What the file holds, parents first (as the office copy orders them). */
const READ_TABLES = COPIED_TABLES.filter((t) => !NOT_COPIED.has(t));
/** Of the students, the file holds those archived (db/enrolment.ts reads their archive from it). */
const ONLY: Record<string, string> = { students: 'archived_at IS NOT NULL' };

function notAllowed(message: string): Error {
  return Object.assign(new Error(message), { code: '42501' });
}

/** The office's records as of one moment, in a private SQLite file and the office database's own snapshot, for the committee workbook. */
export async function officeReportSource(pool: pg.Pool, asOf = localToday()): Promise<ReportSource> {
  const client = await pool.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-report-'));
  fs.chmodSync(dir, 0o700);
  let db: Db | null = null;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Instants written in UTC (the same instants; read without a Date each: copy-out.ts).
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    // The workbook lists every student with their record: the coordinator's and the dean's to make.
    const may = (await client.query<{ ok: boolean }>(`SELECT has_column_privilege('students', 'email', 'SELECT') AND has_table_privilege('advising_notes', 'SELECT') AS ok`)).rows[0].ok;
    if (!may) throw notAllowed('the committee workbook reads every student’s record: the coordinator or the dean makes it.');
    // The report's reading thread reads the rest in this snapshot (held until the workbook is written).
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    // Of the practice exams, the report reads those of the readiness window only (reports/cohort.ts,
    // the rules' own window as of its date). Should the date pass midnight before the report starts,
    // its window starts a day later, still inside this one.
    const practiceWindow = { from: ruleSettings(await loadReferenceDataPostgres(client), asOf).practiceFrom, to: asOf };

    db = await openDatabase(path.join(dir, 'office.db'));
    const target = db;
    // A private file made once and deleted after: written without a journal's syncs, and without
    // checking foreign keys row by row (PostgreSQL checked them; its snapshot is consistent).
    target.pragma('foreign_keys = OFF');
    target.pragma('journal_mode = MEMORY');
    target.pragma('synchronous = OFF');
    // The office's own reference data (settings, specialties, signal allowances…) replaces the rows a new file starts with.
    target.exec('BEGIN');
    for (const table of [...READ_TABLES].reverse()) target.prepare(`DELETE FROM ${table}`).run();
    for (const table of READ_TABLES) await copyIntoSqlite(client, target, table, ONLY[table]);
    target.exec('COMMIT');
    target.pragma('foreign_keys = ON');
    keepRecordsOutside(target, {
      forThread: { engine: 'postgres', connection: await threadConnection(pool), snapshot, practiceWindow },
      readHere: () => readReportRecords(client, practiceWindow),
    });
    return {
      db: target,
      release: async () => {
        target.close();
        fs.rmSync(dir, { recursive: true, force: true });
        // The snapshot's transaction stays open until now: the reading thread imports its snapshot.
        // A read-only transaction that cannot be ended cleanly changes nothing: its connection is dropped, the workbook stands.
        const ended = await client.query('COMMIT').then(
          () => undefined,
          (err: Error) => err,
        );
        client.release(ended);
      },
    };
  } catch (err) {
    if (db?.inTransaction) db.exec('ROLLBACK');
    db?.close();
    await client.query('ROLLBACK').catch(() => undefined);
    fs.rmSync(dir, { recursive: true, force: true });
    client.release();
    throw err;
  }
}
