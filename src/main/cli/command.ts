import { actorFor, openCheckedDatabase, recordVerified } from '../backup';
import type { Db } from '../db/open';
import { officeOnlyDb, type HandlerContext } from '../handlers/context';
import { isPostgresUrl, redact } from '../store/postgres/url';
import { invoke } from '../handlers';
import { defaultDatabasePath } from '../paths';
import type { ApiResult, HandlerName, InputOf, OutputOf } from '../../shared/api';
import { isIsoDate } from '../../shared/domain';
import { UsageError, type CliIo, type ParsedValues } from './spec';

export { UsageError, type CliIo, type ParsedValues } from './spec';

/** `--db`, else the app's own file or STEPWISE_DB (either may be a postgres:// connection string). */
export function databasePathFrom(values: ParsedValues, io: CliIo): string {
  return typeof values.db === 'string' ? values.db : defaultDatabasePath(io.env);
}

/**
 * An office database: the person's own login (PGPASSWORD or ~/.pgpass for the password), the actor
 * the database's session user. What is not behind the store yet is refused with a clear message.
 */
async function withOfficeDatabase<T>(url: string, io: CliIo, fn: (ctx: HandlerContext & { db: Db }) => Promise<T>): Promise<T> {
  const { openPostgresStore } = await import('../store/postgres');
  const store = await openPostgresStore(url, io.env.PGPASSWORD ? { password: io.env.PGPASSWORD } : {});
  try {
    return await fn({ db: officeOnlyDb(), store, databasePath: redact(url), actor: store.sessionUser });
  } finally {
    await store.close();
  }
}

/**
 * Opens the database, runs fn with a handler context, always closes. The file is integrity-checked
 * unless it is exactly as a command that checked it left it (backup/verified-stamp.ts): a damaged
 * one names its newest good backup.
 */
export async function withDatabase<T>(values: ParsedValues, io: CliIo, fn: (ctx: HandlerContext & { db: Db }) => Promise<T>): Promise<T> {
  const databasePath = databasePathFrom(values, io);
  if (isPostgresUrl(databasePath)) return withOfficeDatabase(databasePath, io, fn);
  const db = await openCheckedDatabase(databasePath, { check: 'when-changed' });
  let done = false;
  try {
    const result = await fn({ db, databasePath, actor: actorFor(db, io.env.STEPWISE_ACTOR) });
    done = true;
    return result;
  } finally {
    db.close();
    // Checked (now or before) and closed cleanly: the next command need not check this state again.
    if (done && databasePath !== ':memory:') recordVerified(databasePath);
  }
}

/** Calls a handler through the same validating dispatcher the app uses. */
export function call<K extends HandlerName>(ctx: HandlerContext, name: K, input: InputOf<K>): Promise<ApiResult<OutputOf<K>>> {
  return invoke(ctx, name, input);
}

export function parseAsOf(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !isIsoDate(value))
    throw new UsageError(`--as-of must be a date as YYYY-MM-DD, got "${String(value)}"`);
  return value;
}

export function parseIntOption(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !/^-?\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${String(value)}"`);
  return n;
}
