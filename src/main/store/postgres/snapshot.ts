/**
 * The committee workbook on an office database. The workbook's reading (cohort, exam histories,
 * follow-ups, acknowledgements, enrolment, outcomes) is written against SQLite, in a worker thread
 * that opens a database file; rather than a second copy of it, the office's records are read, in one
 * consistent snapshot (REPEATABLE READ) under the person's own login, into a private SQLite file (a
 * folder only this user can read, deleted when the workbook is written), and the workbook is made
 * from that file exactly as on a laptop. The audit log and saved filters are not copied: the
 * workbook does not read them; nor practice exams taken before the report's readiness window. The reading is COPY (copy-out.ts), the three big tables at once on
 * connections of their own sharing the first one's snapshot, straight into prepared inserts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { openDatabase, type Db } from '../../db/open';
import { COPIED_TABLES } from './copy';
import { localToday } from '../../../shared/domain';
import { ruleSettings } from '../../../shared/rules/rule-settings';
import { copyIntoSqlite } from './copy-out';
import { loadReferenceDataPostgres } from './reference';

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

/** The big tables, each read on a connection of its own (the rest on the first). */
const ON_THEIR_OWN = new Set<string>(['students', 'exam_attempts', 'practice_exams']);

/** The office's records as of one moment, in a private SQLite file, for the committee workbook. */
export async function officeReportSource(pool: pg.Pool, asOf = localToday()): Promise<ReportSource> {
  const client = await pool.connect();
  const helpers: pg.PoolClient[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stepwise-office-report-'));
  fs.chmodSync(dir, 0o700);
  let db: Db | null = null;
  const release = () => {
    db?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    // Instants written in UTC (the same instants; read without a Date each: copy-out.ts).
    await client.query(`SET LOCAL TIME ZONE 'UTC'`);
    // The workbook lists every student with their record: the coordinator's and the dean's to make.
    const may = (await client.query<{ ok: boolean }>(`SELECT has_column_privilege('students', 'email', 'SELECT') AND has_table_privilege('advising_notes', 'SELECT') AS ok`)).rows[0].ok;
    if (!may) throw notAllowed('the committee workbook reads every student’s record: the coordinator or the dean makes it.');
    // The big tables are read at once on more connections, all in this transaction's snapshot (the
    // same moment: PostgreSQL's exported snapshot), under the same login.
    const snapshot = (await client.query<{ id: string }>('SELECT pg_export_snapshot() AS id')).rows[0].id;
    // Of the practice exams, the report reads those of the readiness window only (reports/cohort.ts,
    // the rules' own window as of its date): only those are copied (about a sixth of them at 100,000
    // students). Should the date pass midnight before the report starts, its window starts a day
    // later, still inside this one.
    const practiceFrom = ruleSettings(await loadReferenceDataPostgres(client), asOf).practiceFrom;
    const only: Record<string, string> = { practice_exams: `taken_on >= ${client.escapeLiteral(practiceFrom)}` };
    for (let i = 0; i < ON_THEIR_OWN.size; i++) {
      const helper = await pool.connect();
      helpers.push(helper);
      await helper.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      await helper.query(`SET TRANSACTION SNAPSHOT ${helper.escapeLiteral(snapshot)}`);
      await helper.query(`SET LOCAL TIME ZONE 'UTC'`);
    }
    db = await openDatabase(path.join(dir, 'office.db'));
    const target = db;
    // A private file made once and deleted after: written without a journal's syncs, and without
    // checking foreign keys row by row (PostgreSQL checked them; its snapshot is consistent).
    target.pragma('foreign_keys = OFF');
    target.pragma('journal_mode = MEMORY');
    target.pragma('synchronous = OFF');
    // Room for the whole file while it is written and indexed (the default 2 MB made the index builds
    // read the three tables' interleaved pages back from the file); given back once it is written.
    target.pragma('cache_size = -524288');
    // The office's own reference data (settings, specialties, signal allowances…) replaces the rows a new file starts with.
    target.exec('BEGIN');
    for (const table of [...READ_TABLES].reverse()) target.prepare(`DELETE FROM ${table}`).run();
    // The big tables' indexes made once their rows are in (one sort each instead of a B-tree insert per
    // row: a fifth of the load's CPU at 100,000 students), inside the same transaction.
    const indexes = target
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${[...ON_THEIR_OWN].map(() => '?').join(', ')})`)
      .all(...ON_THEIR_OWN) as { name: string; sql: string }[];
    for (const { name } of indexes) target.exec(`DROP INDEX ${name}`);
    // Import batches stay in the office database (the workbook does not read them). Rows are
    // inserted as they arrive, whichever stream they come from: one connection, one transaction.
    const big = READ_TABLES.filter((t) => ON_THEIR_OWN.has(t));
    // Every stream finishes (or fails) before anything is rolled back or closed.
    const reads = await Promise.allSettled([
      ...big.map((table, i) => copyIntoSqlite(helpers[i], target, table, only[table])),
      (async () => {
        for (const table of READ_TABLES.filter((t) => !ON_THEIR_OWN.has(t))) await copyIntoSqlite(client, target, table);
      })(),
    ]);
    for (const r of reads) if (r.status === 'rejected') throw r.reason;
    for (const { sql } of indexes) target.exec(sql);
    target.exec('COMMIT');
    target.pragma('cache_size = -2000');
    target.pragma('shrink_memory');
    target.pragma('foreign_keys = ON');
    await client.query('COMMIT');
    for (const helper of helpers) await helper.query('COMMIT');
    return { db: target, release };
  } catch (err) {
    if (db?.inTransaction) db.exec('ROLLBACK');
    for (const c of [client, ...helpers]) await c.query('ROLLBACK').catch(() => undefined);
    release();
    throw err;
  } finally {
    client.release();
    for (const helper of helpers) helper.release();
  }
}
