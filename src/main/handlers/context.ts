import os from 'node:os';
import type { HandlerName, OutputOf, ParsedInputOf, ProgressEvent } from '../../shared/api';
import type { DatabaseHolder } from '../backup/holder';
import type { AuditContext } from '../db/audit';
import type { Db } from '../db/open';
import { ApiError } from '../../shared/api';
import { sqliteStore } from '../store/sqlite';
import type { Store } from '../store/store';
import type { OfficePort } from '../office/switch';

/** What every handler gets from its shell: the open database, who is acting, and a progress channel. */
export interface HandlerContext {
  /**
   * The SQLite handle, for what is not behind the store yet. An office (PostgreSQL) session has
   * none: its `db` refuses every use, naming what does not work on an office database yet.
   */
  db: Db;
  /** The storage seam (store/store.ts); for a SQLite context without one, `storeOf` makes it from `db`. */
  store?: Store;
  databasePath: string;
  /** The OS user, or the advisor name set in Settings. */
  actor: string;
  progress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** The shell's swappable handle (Electron, web host): lets `backup.restore` replace the open database. */
  databaseHolder?: DatabaseHolder;
  /** The desktop shell's office connection (Settings → Office database); absent in the web host and the CLI. */
  office?: OfficePort;
}

export type Handler<K extends HandlerName> = (input: ParsedInputOf<K>, ctx: HandlerContext) => OutputOf<K> | Promise<OutputOf<K>>;
export type HandlerMap<K extends HandlerName> = { [P in K]: Handler<P> };

export function auditFrom(ctx: HandlerContext, context: string | null = null): AuditContext {
  return { actor: ctx.actor, context };
}

export function osUser(): string {
  try {
    return os.userInfo().username || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The context's store: its own (an office database), or the SQLite handle's. */
export function storeOf(ctx: Pick<HandlerContext, 'db' | 'store'>): Store {
  return ctx.store ?? sqliteStore(ctx.db);
}

/**
 * The `db` of an office session: any use is refused with an error that says what does not work on
 * an office database yet (it reaches the person as a REJECTED result, never as a crash).
 */
export function officeOnlyDb(): Db {
  return new Proxy({} as Db, {
    get(_target, property) {
      throw new ApiError('REJECTED', `This does not work on an office (PostgreSQL) database yet: it still needs the laptop's SQLite file (${String(property)}).`);
    },
  });
}

/** Refuses, as NOT_FOUND, a student the store does not have (or the session may not see). */
export async function requireStudentIn(store: Store, id: string): Promise<void> {
  if ((await store.students.version(id)) === null) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
}
