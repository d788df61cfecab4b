/**
 * Connecting to an office database. A connection string (`postgres://user@host:port/db`), with the
 * password from PGPASSWORD or ~/.pgpass as every PostgreSQL tool reads it (node-postgres does both),
 * never from a plain file of ours. TLS is required for anything but loopback or a Unix socket: a
 * student roster must not cross a network in clear text, and a certificate that does not verify is
 * refused (sslmode=require and verify-full both verify here).
 *
 * Values come back in the domain's shapes: dates as 'YYYY-MM-DD' text, instants as ISO strings,
 * 64-bit IDs as numbers (an office's row counts stay far below 2^53), JSON parsed.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { parse } from 'pg-connection-string';
import { DatabaseError } from '../../db/errors';
import { STEPWISE_SCHEMA } from './migrate';
import { isPostgresUrl, redact } from './url';

export { isPostgresUrl, redact };

const DATE = 1082;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;
const INT8 = 20;

/** Type parsers for this app's connections only (not node-postgres's global defaults). */
export const domainTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: string) => {
    if (oid === DATE) return (v: string) => v;
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (v: string) => new Date(oid === TIMESTAMP ? `${v}Z` : v).toISOString();
    if (oid === INT8) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** The URL without sslmode and sslrootcert, which are ours to judge and read. */
function withoutTlsParameters(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const kept = url
    .slice(q + 1)
    .split('&')
    .filter((p) => !/^(sslmode|sslrootcert)=/i.test(p));
  return kept.length ? `${url.slice(0, q)}?${kept.join('&')}` : url.slice(0, q);
}

function isLocal(host: string): boolean {
  return host === '' || host.startsWith('/') || host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}

/** The connection settings for a URL, with the TLS rule applied; throws a DatabaseError a person can act on. */
export function connectionConfig(url: string): pg.PoolConfig {
  if (!isPostgresUrl(url)) throw new DatabaseError(`Not a PostgreSQL connection string: ${redact(url)} (expected postgres://user@host:port/database)`, 'OPEN_FAILED');
  let parsed: ReturnType<typeof parse>;
  try {
    // libpq's forms, a Unix socket included (postgres://user@/db?host=/var/run/postgresql).
    // sslmode is ours to judge (below): pg-connection-string would only warn about its own reading of it.
    // sslrootcert likewise (read below, with an error that names the file).
    parsed = parse(withoutTlsParameters(url));
  } catch {
    throw new DatabaseError(`Not a PostgreSQL connection string: ${redact(url)} (expected postgres://user@host:port/database)`, 'OPEN_FAILED');
  }
  const host = parsed.host ?? '';
  const database = parsed.database ?? '';
  if (!database) throw new DatabaseError(`The connection string ${redact(url)} names no database (postgres://user@host:port/DATABASE)`, 'OPEN_FAILED');
  const sslmode = /[?&]sslmode=([^&]*)/i.exec(url)?.[1]?.toLowerCase() ?? null;
  const local = isLocal(host);
  if (!local && (sslmode === 'disable' || sslmode === 'allow' || sslmode === 'prefer' || sslmode === 'no-verify'))
    throw new DatabaseError(
      `Refusing to connect to ${host} without verified TLS (sslmode=${sslmode}): student records must not cross a network in clear text. Use sslmode=verify-full (or leave sslmode out).`,
      'OPEN_FAILED',
    );
  // The office's own certificate authority, when IT's server certificate is not signed by a public one.
  const caFile = /[?&]sslrootcert=([^&]*)/i.exec(url)?.[1];
  let ca: string | undefined;
  if (caFile && !local) {
    const file = decodeURIComponent(caFile);
    try {
      ca = readFileSync(file, 'utf8');
    } catch (err) {
      throw new DatabaseError(`The certificate authority file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`, 'OPEN_FAILED');
    }
  }
  return {
    host: host || undefined,
    port: parsed.port ? Number(parsed.port) : undefined,
    database,
    user: parsed.user || undefined,
    // A password in the URL is accepted as libpq does, but the documented ways are PGPASSWORD, .pgpass or the keychain.
    password: parsed.password || undefined,
    ssl: local ? false : { rejectUnauthorized: true, ...(ca ? { ca } : {}) },
    application_name: 'stepwise',
    types: domainTypes,
    options: `-c search_path=${STEPWISE_SCHEMA}`,
  };
}

export function openPool(url: string, extra: Partial<pg.PoolConfig> = {}): pg.Pool {
  return new pg.Pool({ ...connectionConfig(url), max: 4, ...extra });
}

/**
 * Ends a pool and resolves once every one of its connections has closed. node-postgres's own
 * `pool.end()` resolves as soon as it has *asked* them to close, so a caller that goes on (drops the
 * database, exits) can meet a connection still closing, whose error then surfaces unhandled.
 */
export async function endPool(pool: pg.Pool): Promise<void> {
  const open = pool.totalCount;
  let closed = 0;
  const allClosed = new Promise<void>((resolve) => {
    if (open === 0) return resolve();
    pool.on('remove', () => {
      if (++closed >= open) resolve();
    });
  });
  await pool.end();
  await allClosed;
}
