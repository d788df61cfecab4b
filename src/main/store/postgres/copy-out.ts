/**
 * Reading rows out of PostgreSQL with COPY (SELECT …) TO STDOUT in text format: one stream per
 * query instead of a round trip and a message per row, parsed here line by line. COPY of a SELECT
 * applies row-level security like the SELECT itself (a plain `COPY table TO` would be refused under
 * it). Each field is decoded from COPY's text escapes and then given to the same type parser a
 * row-protocol query uses (connect.ts domainTypes: text output is the same for both), so the values
 * are exactly those a SELECT returns.
 */
import type { ClientBase } from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import type { Db } from '../../db/open';
import { domainTypes } from './connect';
import { sqliteColumns, toSqlite } from './sqlite-bridge';

/** What COPY's text format writes for these characters (a backslash and a letter); nothing else is escaped on output. */
const ESCAPED: Record<string, string> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

/** A field of COPY's text format as the text it stands for, or null for `\N`. */
export function copyTextField(raw: string): string | null {
  if (raw === '\\N') return null;
  if (!raw.includes('\\')) return raw;
  return raw.replace(/\\(.)/gs, (_, c: string) => ESCAPED[c] ?? c);
}

/**
 * Runs `COPY (select) TO STDOUT` and hands every row, its fields parsed as the query's types, to
 * `each`. The types are asked first with the same SELECT and no rows (COPY does not describe them).
 */
export async function copyRows(client: ClientBase, select: string, each: (row: unknown[]) => void): Promise<number> {
  const { fields } = await client.query(`SELECT * FROM (${select}) AS q LIMIT 0`);
  const parsers = fields.map((f) => domainTypes.getTypeParser(f.dataTypeID, 'text') as (text: string) => unknown);
  const width = parsers.length;
  let rows = 0;
  let rest: Buffer | null = null;
  const take = (text: string) => {
    for (const line of text.split('\n')) {
      const cells = line.split('\t');
      if (cells.length !== width) throw new Error(`COPY gave a row of ${cells.length} fields where ${width} were asked for.`);
      const row: unknown[] = new Array(width);
      for (let i = 0; i < width; i++) {
        const text = copyTextField(cells[i]);
        row[i] = text === null ? null : parsers[i](text);
      }
      each(row);
      rows++;
    }
  };
  for await (const chunk of client.query(copyTo(`COPY (${select}) TO STDOUT`)) as AsyncIterable<Buffer>) {
    // Rows end at a newline byte (a newline inside a value is written `\n`); a chunk may end mid-row,
    // even mid-character, so only whole rows are decoded and the rest waits for the next chunk.
    const buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
    const end = buf.lastIndexOf(10);
    if (end < 0) {
      rest = buf;
      continue;
    }
    rest = end + 1 < buf.length ? buf.subarray(end + 1) : null;
    take(buf.toString('utf8', 0, end));
  }
  if (rest) throw new Error('COPY ended in the middle of a row.');
  return rows;
}

/**
 * Reads a PostgreSQL table (the caller's transaction decides which moment) into the same SQLite
 * table, through COPY, into one prepared insert. As the row-protocol reader (sqlite-bridge.ts
 * readIntoSqlite): the rows' `import_batch` is left empty (import batches stay in the office database).
 */
export async function copyIntoSqlite(client: ClientBase, target: Db, table: string): Promise<number> {
  const columns = sqliteColumns(target, table);
  const batch = columns.indexOf('import_batch');
  const insert = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  return copyRows(client, `SELECT ${columns.join(', ')} FROM ${table}`, (row) => {
    for (let i = 0; i < row.length; i++) row[i] = i === batch ? null : toSqlite(row[i]);
    insert.run(row);
  });
}
