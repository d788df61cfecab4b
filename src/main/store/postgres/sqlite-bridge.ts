/**
 * Moving rows between a SQLite file and PostgreSQL (office copy, the import's staging copy, the
 * committee workbook's snapshot): the columns a SQLite table has, a PostgreSQL value as SQLite keeps
 * it, and rows as COPY's CSV.
 */
import type { ClientBase } from 'pg';
import type { Db } from '../../db/open';

/** The table's columns in SQLite, in their order (the office schema has the same: migrations parity-tested). */
export function sqliteColumns(db: Db, table: string): string[] {
  return db.prepare(`SELECT name FROM pragma_table_info(?) ORDER BY cid`).pluck().all(table) as string[];
}

/** A PostgreSQL value as SQLite keeps it: JSON as text, booleans as 0/1 (dates and instants already come as text). */
export function toSqlite(v: unknown): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'bigint') return Number(v);
  return JSON.stringify(v);
}

/** A CSV field for COPY: NULL is an unquoted empty field, everything else quoted. */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  const text = typeof v === 'string' ? v : typeof v === 'bigint' ? v.toString() : typeof v === 'number' ? String(v) : JSON.stringify(v);
  return `"${text.replace(/"/g, '""')}"`;
}

/** Rows as COPY's CSV, in pieces of about 64 KB; `extra` adds cells to each row. */
export function* csvLines(rows: Iterable<unknown[]>, extra?: (row: unknown[]) => unknown[]): Generator<string> {
  let batch = '';
  for (const row of rows) {
    const cells = extra ? [...row, ...extra(row)] : row;
    batch += `${cells.map(csvField).join(',')}\n`;
    if (batch.length > 1 << 16) {
      yield batch;
      batch = '';
    }
  }
  if (batch) yield batch;
}

/** Rows per round trip when a table is read into SQLite. */
const READ_CHUNK = 20_000;

/**
 * Reads a PostgreSQL table (the caller's transaction decides which moment) into the same SQLite
 * table, a chunk at a time through a cursor. Earlier import batches stay in the office database:
 * the rows' `import_batch` is left empty here. `each` sees every row as read (its columns in `columns`).
 */
export async function readIntoSqlite(client: ClientBase, target: Db, table: string, each?: (row: unknown[], columns: readonly string[]) => void): Promise<string[]> {
  const columns = sqliteColumns(target, table);
  const batch = columns.indexOf('import_batch');
  const insert = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const cursor = `stepwise_read_${table}`;
  await client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR SELECT ${columns.join(', ')} FROM ${table}`);
  for (;;) {
    const rows = (await client.query({ text: `FETCH ${READ_CHUNK} FROM ${cursor}`, rowMode: 'array' })).rows as unknown[][];
    if (!rows.length) break;
    target.transaction(() => {
      for (const r of rows) {
        if (batch >= 0) r[batch] = null;
        each?.(r, columns);
        insert.run(r.map(toSqlite));
      }
    })();
  }
  await client.query(`CLOSE ${cursor}`);
  return columns;
}
