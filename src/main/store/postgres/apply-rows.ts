/**
 * Writing an import's rows into an office table (store/postgres/import.ts for the roster,
 * table-import.ts for the directory and the match list). COPY cannot write a table under row-level
 * security, so the rows go by COPY into a temporary table shaped as the target's columns, and one
 * INSERT or UPDATE moves them: the policies and the database's audit apply to that statement.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ImportCancelledError } from '../../import/collect';
import { csvLines } from './sqlite-bridge';

/** A refusal in PostgreSQL's own terms (insufficient_privilege), reported as the database's. */
export function notAllowed(message: string): Error {
  return Object.assign(new Error(message), { code: '42501' });
}

export async function copyRows(client: pg.PoolClient, table: string, columns: readonly string[], rows: Iterable<unknown[]>): Promise<void> {
  await pipeline(Readable.from(csvLines(rows)), client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN WITH (FORMAT csv)`)));
}

/** A temporary table `name` (dropped at commit) with `columns` of `table`, filled with `rows` by COPY. */
export async function tempRows(client: pg.PoolClient, name: string, table: string, columns: readonly string[], rows: Iterable<unknown[]>): Promise<void> {
  await client.query(`CREATE TEMP TABLE ${name} ON COMMIT DROP AS SELECT ${columns.join(', ')} FROM ${table} WITH NO DATA`);
  await copyRows(client, name, columns, rows);
}

/**
 * Rows an import changed (each with every one of `columns`, `id` among them), written by one UPDATE
 * by id. The version is the database's to move (its trigger), and who changed what its audit's to
 * write; a row the office no longer has fails the whole import.
 */
export async function updateRows(client: pg.PoolClient, table: string, columns: readonly string[], changed: readonly unknown[][]): Promise<void> {
  if (!changed.length) return;
  const updated = columns.filter((c) => c !== 'version' && c !== 'import_batch' && c !== 'created_at');
  const temp = `import_changed_${table}`;
  const at = updated.map((c) => columns.indexOf(c));
  await tempRows(client, temp, table, updated, changed.map((r) => at.map((i) => r[i])));
  const set = updated.filter((c) => c !== 'id').map((c) => `${c} = t.${c}`);
  const r = await client.query(`UPDATE ${table} x SET ${set.join(', ')} FROM ${temp} t WHERE x.id = t.id`);
  if (r.rowCount !== changed.length) throw new Error(`The office database changed ${r.rowCount} of ${changed.length} ${table} rows the import meant to update; nothing was imported.`);
}

/**
 * Ends an office import's transaction once the laptop's rules have run on the staging copy: rolled
 * back when they wrote nothing (a dry run, a refused file), else `apply` writes the changes and the
 * transaction commits — unless the import was cancelled meanwhile, which throws and so rolls back.
 */
export async function applyAndCommit<R extends { committed: boolean }>(client: pg.PoolClient, result: R, apply: () => Promise<unknown>, signal?: AbortSignal): Promise<R> {
  if (!result.committed) {
    await client.query('ROLLBACK');
    return result;
  }
  await apply();
  if (signal?.aborted) throw new ImportCancelledError();
  await client.query('COMMIT');
  return result;
}
