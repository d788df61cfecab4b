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

const TIMESTAMPTZ = 1184;
/** An instant as PostgreSQL writes it in UTC ('2026-05-01 12:34:56.789123+00'). */
const UTC_INSTANT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * The type parser for a column, as a row-protocol query has it (connect.ts domainTypes), with a fast
 * path for instants written in UTC: the same ISO text `new Date(v).toISOString()` gives (milliseconds,
 * the rest cut off, as Date does), without a Date per value (a fifth of the snapshot's CPU at 100,000
 * students). Anything else (another zone, a year outside 1000-9999) goes to the Date.
 */
function parserFor(oid: number): (text: string) => unknown {
  const general = domainTypes.getTypeParser(oid, 'text') as (text: string) => unknown;
  if (oid !== TIMESTAMPTZ) return general;
  return (text) => {
    const m = UTC_INSTANT.exec(text);
    return m ? `${m[1]}T${m[2]}.${(m[3] ?? '').padEnd(3, '0').slice(0, 3)}Z` : general(text);
  };
}

/**
 * Runs `COPY (select) TO STDOUT` and hands every row, its fields parsed as the query's types, to
 * `each`. The types are asked first with the same SELECT and no rows (COPY does not describe them).
 * A caller that reads many instants sets the transaction's TimeZone to UTC first (the fast path).
 */
export async function copyRows(client: ClientBase, select: string, each: (row: unknown[]) => void): Promise<number> {
  const { fields } = await client.query(`SELECT * FROM (${select}) AS q LIMIT 0`);
  const parsers = fields.map((f) => parserFor(f.dataTypeID));
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

/** Rows per INSERT statement when a table is copied into SQLite (one statement per row cost a third more CPU). */
const ROWS_PER_INSERT = 64;

/**
 * Reads a PostgreSQL table (the caller's transaction decides which moment) into the same SQLite
 * table (its rows matching `where`, SQL, when given), through COPY, into prepared inserts of many rows each. As the row-protocol reader
 * (sqlite-bridge.ts readIntoSqlite): the rows' `import_batch` is left empty (import batches stay in
 * the office database).
 */
export async function copyIntoSqlite(client: ClientBase, target: Db, table: string, where = ''): Promise<number> {
  const columns = sqliteColumns(target, table);
  const batch = columns.indexOf('import_batch');
  const values = (n: number) => Array.from({ length: n }, () => `(${columns.map(() => '?').join(', ')})`).join(', ');
  const insertOne = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values(1)}`);
  const insertMany = target.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values(ROWS_PER_INSERT)}`);
  const pending: unknown[] = [];
  const n = await copyRows(client, `SELECT ${columns.join(', ')} FROM ${table}${where ? ` WHERE ${where}` : ''}`, (row) => {
    for (let i = 0; i < row.length; i++) pending.push(i === batch ? null : toSqlite(row[i]));
    if (pending.length === ROWS_PER_INSERT * columns.length) {
      insertMany.run(pending);
      pending.length = 0;
    }
  });
  for (let i = 0; i < pending.length; i += columns.length) insertOne.run(pending.slice(i, i + columns.length));
  return n;
}
