/**
 * The program directory and match-list imports on an office database (issues 12 and 15), as the
 * roster import does it (store/postgres/import.ts; the idea copied here, that file untouched): the
 * laptop's import rules (src/main/import/program-directory.ts, match-list.ts) run unchanged against
 * a private in-memory SQLite copy of the office tables they read, inside one PostgreSQL transaction
 * that holds those tables against other writers, and what they changed is applied in the same
 * transaction: new rows through COPY into a temporary table (COPY cannot write a table under
 * row-level security), then one INSERT per table, stamped with the office's import batch so the
 * database's audit accounts for them by it (migration 0009); changed rows by one UPDATE per table,
 * audited field by field by the database's triggers under the person's own login. Any error, a
 * dry run, a cancel, a closed window or a killed process: PostgreSQL rolls the whole transaction
 * back. Only the coordinator (or IT's owner account) may import.
 *
 * A crash test holds the apply at the checkpoint `office-import-applying` (src/main/checkpoint.ts),
 * the roster import's: the first table's new rows written, the commit still ahead.
 */
import type pg from 'pg';
import type { ParsedTableImportInput, TableImportResult } from '../../../shared/api/outcomes';
import { checkpoint } from '../../checkpoint';
import { openDatabase, type Db } from '../../db/open';
import { importMatchList } from '../../import/match-list';
import { importProgramDirectory } from '../../import/program-directory';
import type { TableImportOptions } from '../../import/table-import';
import { applyAndCommit, notAllowed, tempRows, updateRows } from './apply-rows';
import { readIntoSqlite } from './sqlite-bridge';

/** The tables an import writes (parents first), the natural key each new row is found by again, and what else it reads. */
interface Plan {
  what: string;
  writes: readonly { table: string; key: readonly string[] }[];
  /** Read whole, besides the reference data (settings, specialties). */
  reads: readonly string[];
  /** The roster's scores at application (match list): the students, and their dated Step 2 CK / Level 2-CE scores. */
  roster: boolean;
  run: (db: Db, actor: string, input: ParsedTableImportInput, options: TableImportOptions) => Promise<TableImportResult>;
}

const PROGRAMS: Plan = {
  what: 'program directory',
  writes: [{ table: 'programs', key: ['code'] }],
  reads: [],
  roster: false,
  run: importProgramDirectory,
};

const MATCH_LIST: Plan = {
  what: 'match list',
  writes: [
    { table: 'match_outcomes', key: ['student_id', 'season', 'specialty'] },
    { table: 'outcome_applications', key: ['outcome_id', 'program_code'] },
    { table: 'outcome_consents', key: ['student_id'] },
  ],
  // Whether a matched program's code is in the directory (a warning when not).
  reads: ['programs'],
  roster: true,
  run: importMatchList,
};

/**
 * Some columns of a PostgreSQL table's rows that meet `where` into the same SQLite table, with what
 * SQLite cannot do without (its NOT NULL columns that have no default): the roster the match list
 * only reads (who is on it, their dated scores), never written back. Sent as one JSON array and
 * written by one INSERT … SELECT over json_each; with `keyOnly` (the import reads the table by its
 * key only) its secondary indexes are dropped first. At 100,000 students, row by row with every
 * index, the students took 3.3 s of a 5.5 s import.
 */
async function readSome(client: pg.PoolClient, staging: Db, table: string, needed: readonly string[], options: { where?: string; keyOnly?: boolean } = {}): Promise<void> {
  const required = staging.prepare(`SELECT name FROM pragma_table_info(?) WHERE "notnull" = 1 AND dflt_value IS NULL`).pluck().all(table) as string[];
  const columns = [...new Set([...needed, ...required])];
  if (options.keyOnly)
    for (const index of staging.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`).pluck().all(table) as string[])
      staging.prepare(`DROP INDEX ${index}`).run();
  const json = (
    await client.query<{ rows: string }>(`SELECT coalesce(json_agg(json_build_array(${columns.join(', ')})), '[]')::text AS rows FROM ${table} WHERE ${options.where ?? 'true'}`)
  ).rows[0].rows;
  staging.prepare(`INSERT INTO ${table} (${columns.join(', ')}) SELECT ${columns.map((_, i) => `value ->> ${i}`).join(', ')} FROM json_each(?)`).run(json);
}

interface Baseline {
  columns: Record<string, string[]>;
  /** Each row's version by id, as read from the office database. */
  versions: Record<string, Map<number, number>>;
}

/** The office's facts into the staging database: reference data, what the import reads, and the tables it writes with their versions. */
async function stage(client: pg.PoolClient, staging: Db, plan: Plan): Promise<Baseline> {
  // The office's reference data replaces the staging database's defaults: the import judges by the office's facts.
  for (const table of ['settings', 'specialties'] as const) {
    staging.prepare(`DELETE FROM ${table}`).run();
    await readIntoSqlite(client, staging, table);
  }
  for (const table of plan.reads) await readIntoSqlite(client, staging, table);
  if (plan.roster) {
    // Only what rosterScoresAtApplication reads: who is on the roster, and their dated Step 2 CK and COMLEX Level 2-CE scores.
    await readSome(client, staging, 'students', ['id'], { keyOnly: true });
    await readSome(client, staging, 'exam_attempts', ['id', 'student_id', 'exam', 'score', 'test_date'], {
      where: `exam IN ('STEP2CK', 'COMLEX2CE') AND score IS NOT NULL AND test_date IS NOT NULL`,
    });
  }
  const base: Baseline = { columns: {}, versions: {} };
  for (const { table } of plan.writes) {
    const seen = new Map<number, number>();
    base.versions[table] = seen;
    base.columns[table] = await readIntoSqlite(client, staging, table, (r, cols) => seen.set(Number(r[cols.indexOf('id')]), Number(r[cols.indexOf('version')])));
  }
  return base;
}

/** A natural key as one string, alike whichever engine gave its values (2025 and '2025'). */
const keyOf = (values: readonly unknown[]) => JSON.stringify(values.map((v) => String(v)));

/**
 * Applies what the staging import changed: its batch, then per table the new rows (with the
 * office's batch and ids; a new application's outcome by its new id) and the changed ones.
 */
async function applyChanges(client: pg.PoolClient, staging: Db, plan: Plan, base: Baseline, signal?: AbortSignal): Promise<void> {
  // The staging database's one batch, if the import changed anything (an import that changes nothing makes none).
  const batch = staging.prepare(`SELECT at, file_name, file_bytes, file_sha256, counts FROM import_batches`).raw().get() as unknown[] | undefined;
  if (!batch) return;
  const officeBatch = (
    await client.query<{ id: number }>(`INSERT INTO import_batches (at, actor, file_name, file_bytes, file_sha256, counts) VALUES ($1, session_user, $2, $3, $4, $5) RETURNING id`, batch)
  ).rows[0].id;
  /** Staging id → office id of the rows this import added, per table. */
  const newIds = new Map<string, Map<number, number>>();
  let first = true;
  for (const { table, key } of plan.writes) {
    const columns = base.columns[table];
    const idAt = columns.indexOf('id');
    const versionAt = columns.indexOf('version');
    const batchAt = columns.indexOf('import_batch');
    const outcomeAt = columns.indexOf('outcome_id');
    const known = base.versions[table];
    const added: unknown[][] = [];
    const changed: unknown[][] = [];
    let kept = 0;
    for (const row of staging.prepare(`SELECT ${columns.join(', ')} FROM ${table}`).raw().iterate() as Iterable<unknown[]>) {
      // An application of an outcome this import added belongs to that outcome's office id.
      if (outcomeAt >= 0) row[outcomeAt] = newIds.get('match_outcomes')?.get(row[outcomeAt] as number) ?? row[outcomeAt];
      const was = known.get(row[idAt] as number);
      if (was === undefined) {
        if (batchAt >= 0) row[batchAt] = officeBatch;
        added.push(row);
        continue;
      }
      kept++;
      if (row[versionAt] !== was) changed.push(row);
    }
    // These imports add and update; a stored row gone from the staging copy would be a row dropped unseen.
    if (kept !== known.size) throw new Error(`The ${plan.what} import would remove ${known.size - kept} ${table} rows; nothing was imported.`);
    if (added.length) {
      // New rows get the office's own ids; COPY cannot write a table under row-level security, one INSERT moves them.
      const insertColumns = columns.filter((c) => c !== 'id' && c !== 'version');
      const pick = insertColumns.map((c) => columns.indexOf(c));
      const temp = `import_new_${table}`;
      await tempRows(client, temp, table, insertColumns, added.map((r) => pick.map((i) => r[i])));
      const r = await client.query({ text: `INSERT INTO ${table} (${insertColumns.join(', ')}) SELECT ${insertColumns.join(', ')} FROM ${temp} RETURNING id, ${key.join(', ')}`, rowMode: 'array' });
      if (r.rowCount !== added.length) throw new Error(`The office database took ${r.rowCount} of the ${added.length} new ${table} rows; nothing was imported.`);
      const keyAt = key.map((c) => columns.indexOf(c));
      const officeId = new Map((r.rows as unknown[][]).map(([id, ...k]) => [keyOf(k), Number(id)]));
      const idOf = (row: unknown[]) => {
        const id = officeId.get(keyOf(keyAt.map((i) => row[i])));
        if (id === undefined) throw new Error(`The office database did not give back a new ${table} row the import added; nothing was imported.`);
        return id;
      };
      newIds.set(table, new Map(added.map((row) => [row[idAt] as number, idOf(row)])));
    }
    if (first) await checkpoint('office-import-applying', signal);
    first = false;
    await updateRows(client, table, columns, changed);
  }
}

async function importIntoOffice(pool: pg.Pool, plan: Plan, input: ParsedTableImportInput, options: TableImportOptions, actor: string): Promise<TableImportResult> {
  const client = await pool.connect();
  let staging: Db | null = null;
  try {
    const written = plan.writes.map((w) => w.table);
    // Asked before the transaction, so a refused login never holds a lock.
    const may = (
      await client.query<{ ok: boolean }>(
        `SELECT has_table_privilege('import_batches', 'INSERT') AND bool_and(has_table_privilege(t, 'INSERT') AND has_table_privilege(t, 'UPDATE')) AS ok FROM unnest($1::text[]) AS t`,
        [written],
      )
    ).rows[0].ok;
    if (!may) throw notAllowed(`imports are the coordinator’s: this login may not import a ${plan.what}.`);
    if (input.dryRun) await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    else {
      // The lock first, then the snapshot (its first query): no one else writes these tables until this import is done, everyone may go on reading.
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ');
      await client.query(`LOCK TABLE ${written.join(', ')} IN SHARE ROW EXCLUSIVE MODE`);
    }
    await client.query(`SELECT set_config('stepwise.context', $1, true)`, [`import ${input.fileName.split(/[\\/]/).pop()}`]);
    const copy = (staging = await openDatabase(':memory:'));
    const base = await stage(client, copy, plan);
    const result = await plan.run(copy, actor, input, options);
    return await applyAndCommit(client, result, () => applyChanges(client, copy, plan, base, options.signal), options.signal);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    staging?.close();
    client.release();
  }
}

/** `programs.import` on an office database: the same result as on a laptop (counts, located errors, warnings). */
export function importProgramsIntoOffice(pool: pg.Pool, input: ParsedTableImportInput, options: TableImportOptions, actor: string): Promise<TableImportResult> {
  return importIntoOffice(pool, PROGRAMS, input, options, actor);
}

/** `outcomes.import` on an office database: the same result as on a laptop. */
export function importMatchListIntoOffice(pool: pg.Pool, input: ParsedTableImportInput, options: TableImportOptions, actor: string): Promise<TableImportResult> {
  return importIntoOffice(pool, MATCH_LIST, input, options, actor);
}
