/**
 * The roster import on an office database. The import's rules (reading, mapping, located errors,
 * matching IDs, what a row changes: src/main/import) are engine-neutral but talk to SQLite
 * synchronously, row chunk by row chunk; rather than a second copy of them, the office's students
 * and exam records are read into a private in-memory SQLite database (the office's own reference
 * data with them) inside one PostgreSQL transaction, the import runs there exactly as on a laptop,
 * and what it changed is applied to PostgreSQL in the same transaction: new rows by COPY (into a
 * temporary table: COPY cannot write a table under row-level security; stamped
 * with the import's batch, as the laptop's are, so the database's audit accounts for them by the
 * batch), changed rows by one UPDATE per table (audited field by field by the database's triggers,
 * under the person's own login). A commit takes a lock that lets everyone read but no one else write
 * the roster until it is done, so nothing can change between reading and applying. Any error, a
 * cancel, a closed window or a killed process: PostgreSQL rolls the whole transaction back.
 */
import type pg from 'pg';
import type { ImportPreview, ImportResult, ParsedImportInput } from '../../../shared/api/import';
import { checkpoint } from '../../checkpoint';
import { openDatabase, type Db } from '../../db/open';
import { previewImport, runImport, type ImportRunOptions } from '../../import/run';
import { applyAndCommit, notAllowed, tempRows, updateRows } from './apply-rows';
import { readIntoSqlite } from './sqlite-bridge';

/** The tables an import reads and writes, parents first (an Enrolment status column adds status changes: migration 0007). */
const TABLES = ['students', 'exam_attempts', 'practice_exams', 'enrolment_changes'] as const;
type Table = (typeof TABLES)[number];

/** The office's reference data replaces the staging database's defaults: the import judges by the office's facts. */
async function copyReference(client: pg.PoolClient, staging: Db): Promise<void> {
  for (const table of ['settings', 'specialties'] as const) {
    staging.prepare(`DELETE FROM ${table}`).run();
    await readIntoSqlite(client, staging, table);
  }
}

interface Baseline {
  columns: Record<Table, string[]>;
  /** Each row's version (students by ID, records by id) as read from the office database. */
  versions: Record<Table, Map<string | number, number>>;
}

/** The office's students and exam records into the staging database, with their versions (the only batch there is this import's own). */
async function copyRoster(client: pg.PoolClient, staging: Db): Promise<Baseline> {
  const columns = {} as Baseline['columns'];
  const versions = {} as Baseline['versions'];
  for (const table of TABLES) {
    const seen = new Map<string | number, number>();
    versions[table] = seen;
    columns[table] = await readIntoSqlite(client, staging, table, (r, cols) => seen.set(r[cols.indexOf('id')] as string | number, r[cols.indexOf('version')] as number));
  }
  return { columns, versions };
}

/** One table's rows as the staging import left them: the new ones (stamped with the office's batch) and the changed ones. */
interface TableChanges {
  table: Table;
  columns: string[];
  added: unknown[][];
  changed: unknown[][];
}

function changesOf(staging: Db, base: Baseline, table: Table, officeBatch: number): TableChanges {
  const columns = base.columns[table];
  const idAt = columns.indexOf('id');
  const versionAt = columns.indexOf('version');
  const batchAt = columns.indexOf('import_batch');
  const known = base.versions[table];
  const added: unknown[][] = [];
  const changed: unknown[][] = [];
  for (const row of staging.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).raw().iterate() as Iterable<unknown[]>) {
    const was = known.get(row[idAt] as string | number);
    if (was === undefined) {
      row[batchAt] = officeBatch;
      added.push(row);
    } else if (row[versionAt] !== was) changed.push(row);
  }
  return { table, columns, added, changed };
}

/**
 * Applies what the staging import changed: its batch, then per table the new rows (COPY, with the
 * office's batch id) and the changed ones (one UPDATE from a temporary table). Returns the rows applied.
 *
 * The server's INSERT of one table's new rows (its foreign-key checks and indexes: most of the
 * apply) runs while this process reads the next table's rows out of the staging database, rather
 * than one after the other; the statements still run in the same order on the one connection.
 */
async function applyChanges(client: pg.PoolClient, staging: Db, base: Baseline, signal?: AbortSignal): Promise<number> {
  // The staging database's one batch, if the import changed anything (an import that changes nothing makes none).
  const batch = staging.prepare(`SELECT id, at, actor, file_name, file_bytes, file_sha256, counts FROM import_batches`).raw().get() as unknown[] | undefined;
  if (!batch) return 0;
  const officeBatch = (
    await client.query<{ id: number }>(`INSERT INTO import_batches (at, actor, file_name, file_bytes, file_sha256, counts) VALUES ($1, session_user, $2, $3, $4, $5) RETURNING id`, [
      batch[1],
      batch[3],
      batch[4],
      batch[5],
      batch[6],
    ])
  ).rows[0].id;
  let applied = 0;
  let next: TableChanges | null = changesOf(staging, base, TABLES[0], officeBatch);
  for (let t = 0; next; t++) {
    const { table, columns, added, changed } = next;
    next = null;
    // New exam records get the office's own ids; a student's ID is the school's.
    const insertColumns = columns.filter((c) => c !== 'version' && !(c === 'id' && table !== 'students'));
    const pick = insertColumns.map((c) => columns.indexOf(c));
    let inserting: Promise<unknown> | null = null;
    if (added.length) {
      // COPY cannot write a table under row-level security: it fills a temporary table, and one INSERT moves the rows.
      const temp = `import_new_${table}`;
      await tempRows(client, temp, table, insertColumns, added.map((r) => pick.map((i) => r[i])));
      inserting = client.query(`INSERT INTO ${table} (${insertColumns.join(', ')}) SELECT ${insertColumns.join(', ')} FROM ${temp}`);
      // Settled below; a failure is thrown there, not left unhandled meanwhile.
      inserting.catch(() => undefined);
    }
    // While the server inserts, the next table's rows are read from the staging database.
    if (t + 1 < TABLES.length) next = changesOf(staging, base, TABLES[t + 1], officeBatch);
    await inserting;
    if (table === 'students') await checkpoint('office-import-applying', signal);
    await updateRows(client, table, columns, changed);
    applied += added.length + changed.length;
  }
  return applied;
}

/**
 * A preview or a commit of a roster file on an office database, with the same result a laptop's
 * import gives (counts, changes, located errors). Only a session that may add students (the
 * coordinator, or IT's owner account) may import.
 */
export async function importIntoOffice(pool: pg.Pool, mode: 'preview' | 'commit', input: ParsedImportInput, options: ImportRunOptions, actor: string): Promise<ImportPreview | ImportResult> {
  const client = await pool.connect();
  let staging: Db | null = null;
  try {
    await client.query(mode === 'commit' ? 'BEGIN' : 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const may = (await client.query<{ ok: boolean }>(`SELECT has_table_privilege('students', 'INSERT') AND has_table_privilege('exam_attempts', 'INSERT') AS ok`)).rows[0].ok;
    if (!may) throw notAllowed('imports are the coordinator’s: this login may not add students.');
    await client.query(`SELECT set_config('stepwise.context', $1, true)`, [`import ${input.fileName.split(/[\\/]/).pop()}`]);
    // Everyone may go on reading; no one else writes the roster until this import is done.
    if (mode === 'commit') await client.query(`LOCK TABLE ${TABLES.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    staging = await openDatabase(':memory:');
    await copyReference(client, staging);
    const base = await copyRoster(client, staging);
    const target = { db: staging, databasePath: ':memory:', actor };
    if (mode === 'preview') {
      const preview = await previewImport(target, input, options);
      await client.query('ROLLBACK');
      return preview;
    }
    const result = await runImport(target, input, options);
    return await applyAndCommit(client, result, () => applyChanges(client, target.db, base, options.signal), options.signal);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    staging?.close();
    client.release();
  }
}
