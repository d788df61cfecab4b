/**
 * The committee workbook on an office database. The workbook's reading (cohort, exam histories,
 * follow-ups, acknowledgements, enrolment, outcomes) is written against SQLite, in a worker thread
 * that opens a database file; rather than a second copy of it, the office's records are read, in one
 * consistent snapshot (REPEATABLE READ) under the person's own login, into a private SQLite file (a
 * folder only this user can read, deleted when the workbook is written), and the workbook is made
 * from that file exactly as on a laptop. The audit log and saved filters are not copied: the
 * workbook does not read them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { openDatabase, type Db } from '../../db/open';
import { COPIED_TABLES } from './copy';
import { readIntoSqlite } from './sqlite-bridge';

/** What the workbook reads, parents first (as the office copy orders them). */
const READ_TABLES = COPIED_TABLES.filter((t) => t !== 'audit_log' && t !== 'saved_filters' && t !== 'import_batches');

function notAllowed(message: string): Error {
  return Object.assign(new Error(message), { code: '42501' });
}

export interface ReportSource {
  db: Db;
  /** Closes the snapshot and deletes its file. */
  release(): void;
}

/** The office's records as of one moment, in a private SQLite file, for the committee workbook. */
export async function officeReportSource(pool: pg.Pool): Promise<ReportSource> {
  const client = await pool.connect();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-report-'));
  fs.chmodSync(dir, 0o700);
  let db: Db | null = null;
  const release = () => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // The workbook lists every student with their record: the coordinator's and the dean's to make.
    const may = (await client.query<{ ok: boolean }>(`SELECT has_column_privilege('students', 'email', 'SELECT') AND has_table_privilege('advising_notes', 'SELECT') AS ok`)).rows[0].ok;
    if (!may) throw notAllowed('the committee workbook reads every student’s record: the coordinator or the dean makes it.');
    db = await openDatabase(path.join(dir, 'office.db'));
    const target = db;
    // The office's own reference data (settings, specialties, signal allowances…) replaces the rows a new file starts with.
    for (const table of [...READ_TABLES].reverse()) target.prepare(`DELETE FROM ${table}`).run();
    // Import batches stay in the office database (the workbook does not read them).
    for (const table of READ_TABLES) await readIntoSqlite(client, target, table);
    await client.query('COMMIT');
    return { db: target, release };
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    release();
    throw err;
  } finally {
    client.release();
  }
}
