/**
 * The backup service: what shells and handlers call. Files: files.ts (names), copy.ts (the online
 * backup API, atomic and owner-only), inspect.ts (reading and checking a backup), service.ts (take,
 * prune, list), restore.ts, open-checked.ts (integrity check on open), schedule.ts (daily timer),
 * holder.ts (the swappable open database).
 */
import type { BackupInfo } from '../../shared/api/backup';
import { ApiError } from '../../shared/api/contract';
import type { Db } from '../db/open';
import { officeUserName } from '../db/preferences';
import { osUser, type HandlerContext } from '../handlers/context';
import { DatabaseHolder } from './holder';
import { openCheckedDatabase } from './open-checked';
import { takeBackup } from './service';

export { DatabaseHolder } from './holder';
export { DamagedDatabaseError, openCheckedDatabase } from './open-checked';
export { recordVerified } from './verified-stamp';
export { listBackups, newestGoodBackup, pruneBackups, takeBackup } from './service';
export { restoreBackup } from './restore';
export { scheduleDailyBackups } from './schedule';
export { recoveryPrompt } from './recovery';
export { backupsDirFor } from './files';

/**
 * A backup taken just before a change that rewrites many rows (an import commit): call it before
 * the write transaction opens. Skipped when the newest backup already holds exactly this state
 * (nothing was written since), so a file rejected ten times in a row does not push ten good
 * backups out of the rolling window. Runs after any backup or restore already under way. Returns
 * null when skipped, and for an in-memory database, which has no folder to back up to.
 */
export async function backupBeforeChange(ctx: HandlerContext, reason: string): Promise<BackupInfo | null> {
  if (ctx.databasePath === ':memory:') return null;
  const take = () => takeBackup(ctx.databaseHolder?.db ?? ctx.db, ctx.databasePath, reason, { skipIfUnchanged: true });
  return ctx.databaseHolder ? ctx.databaseHolder.exclusive(take) : take();
}

/**
 * Who is acting, for the audit log: an explicit override ($STEPWISE_ACTOR, for automated jobs), else
 * the advisor name set in Settings (`office.userName`), else the OS user.
 */
export function actorFor(db: Db, override?: string): string {
  if (override) return override;
  try {
    return officeUserName(db) ?? osUser();
  } catch {
    return osUser();
  }
}

/**
 * Stands in for the database while a restore has it closed: spreading the context must not throw
 * (the web host spreads it outside invoke's error handling); the handler's first use of it does,
 * inside invoke, and the caller gets a CONFLICT error instead of a crash.
 */
const RESTORING = new Proxy(
  {},
  {
    get() {
      throw new ApiError('CONFLICT', 'The database is being restored from a backup; try again in a moment.');
    },
  },
) as Db;

const guarded = new WeakMap<Db, Db>();

/**
 * The open database as a call gets it: the handle itself, except that a call that began before a
 * restore and reaches the database after the restore closed that handle (a backup waiting behind
 * the restore, a handler between two awaits) gets a CONFLICT error rather than SQLite's "The
 * database connection is not open". One wrapper per handle, so caches keyed by the handle still hit.
 */
function guard(db: Db): Db {
  let wrapped = guarded.get(db);
  if (wrapped) return wrapped;
  const bound = new WeakMap<object, unknown>();
  wrapped = new Proxy(db, {
    get(target, prop) {
      const value: unknown = Reflect.get(target, prop, target);
      if (typeof value !== 'function') return value;
      if (!target.open && typeof prop === 'string' && prop !== 'close')
        throw new ApiError('CONFLICT', 'The database was restored from a backup while this was running; try again.');
      let method = bound.get(value);
      if (!method) bound.set(value, (method = (value as (...args: unknown[]) => unknown).bind(target)));
      return method;
    },
  });
  guarded.set(db, wrapped);
  return wrapped;
}

/**
 * The handler context a shell passes with each call: `db` and `actor` are read from the holder at
 * the moment the context is spread into a call, so a restore or a new advisor name takes effect on
 * the next call without restarting the shell.
 */
export function contextFor(holder: DatabaseHolder, actorOverride?: string): Omit<HandlerContext, 'progress' | 'signal'> {
  return {
    get db() {
      return holder.isOpen ? guard(holder.db) : RESTORING;
    },
    databasePath: holder.databasePath,
    get actor() {
      return holder.isOpen ? actorFor(holder.db, actorOverride) : (actorOverride ?? osUser());
    },
    databaseHolder: holder,
  };
}

/**
 * Opens a shell's database (integrity-checked) and takes the start-up backup (skipped when nothing
 * changed since the newest one). The backup runs in the background; its failure is reported, never fatal.
 */
export async function openForShell(databasePath: string, onBackupError: (err: unknown) => void): Promise<DatabaseHolder> {
  const holder = new DatabaseHolder(databasePath, await openCheckedDatabase(databasePath));
  void holder.exclusive(() => takeBackup(holder.db, databasePath, 'start', { skipIfUnchanged: true })).catch(onBackupError);
  return holder;
}
