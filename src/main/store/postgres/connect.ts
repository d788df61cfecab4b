/**
 * Connecting to an office database. A connection string (`postgres://user@host:port/db`), with the
 * password from PGPASSWORD or ~/.pgpass as every PostgreSQL tool reads it (read here: node-postgres's
 * own .pgpass reading is deprecated, warns on every use and goes in pg 9), never from a plain file of
 * ours. TLS is required for anything but loopback or a Unix socket: a
 * student roster must not cross a network in clear text, and a certificate that does not verify is
 * refused (sslmode=require and verify-full both verify here).
 *
 * Values come back in the domain's shapes: dates as 'YYYY-MM-DD' text, instants as ISO strings,
 * 64-bit IDs as numbers (an office's row counts stay far below 2^53), JSON parsed.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import pgpass from 'pgpass';
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
    // A password in the URL is accepted as libpq does, but the documented ways are PGPASSWORD, .pgpass or the keychain
    // (given by the caller, replacing this); asked for only when the server wants one.
    password: parsed.password || passwordFor({ host, port: parsed.port, database, user: parsed.user }),
    ssl: local ? false : { rejectUnauthorized: true, ...(ca ? { ca } : {}) },
    application_name: 'stepwise',
    types: domainTypes,
    options: `-c search_path=${STEPWISE_SCHEMA}`,
  };
}

/** libpq's defaults where the connection string leaves something out, for the .pgpass lookup. */
const PGPASS_DEFAULTS = { host: 'localhost', port: '5432' };

interface PasswordTarget {
  host?: string | null;
  port?: string | number | null;
  database?: string | null;
  user?: string | null;
}

/**
 * The password as libpq finds one: PGPASSWORD, else the first matching line of
 * ~/.pgpass (PGPASSFILE; %APPDATA%\postgresql\pgpass.conf on Windows; ignored unless only its
 * owner can read it), else a refusal that says where to put one. node-postgres calls it, on the
 * client, with the connection's settings as it resolved them, when the server asks for a password.
 */
function passwordFor(target: PasswordTarget): (this: unknown, asked?: PasswordTarget) => Promise<string> {
  return async function (this: unknown, asked?: PasswordTarget) {
    const env = process.env.PGPASSWORD;
    if (env) return env;
    const t = { ...target, ...asked };
    const user = t.user || process.env.PGUSER || process.env.USER || '';
    const found = await new Promise<string | undefined>((resolve) =>
      pgpass({ host: t.host || PGPASS_DEFAULTS.host, port: t.port || PGPASS_DEFAULTS.port, database: t.database || user, user }, resolve),
    );
    if (found !== undefined) return found;
    // node-postgres reports the refusal but leaves the half-open connection to the server's authentication timeout
    // (a minute, the command hanging meanwhile): closed here, as its pool closes a connection that timed out.
    (this as { connection?: { stream?: { destroy?: () => void } } } | undefined)?.connection?.stream?.destroy?.();
    throw new DatabaseError(
      `The database asks ${user || 'this login'} for a password and none was given: set PGPASSWORD, or add a line for it to ~/.pgpass (host:port:database:user:password, readable by you alone).`,
      'OPEN_FAILED',
    );
  };
}

/**
 * The password a connection's settings give, resolved (the keychain's or PGPASSWORD as given, or
 * looked up as above): for a connection that cannot call back into this one (a worker thread's).
 * Undefined when none is needed or found; the server then says what it wants.
 */
export async function resolvedPassword(config: pg.PoolConfig): Promise<string | undefined> {
  const password = config.password;
  if (typeof password !== 'function') return password ?? undefined;
  return (password as () => Promise<string>).call(undefined).catch(() => undefined);
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
