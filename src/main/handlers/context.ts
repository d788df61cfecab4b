import os from 'node:os';
import type { HandlerName, OutputOf, ParsedInputOf, ProgressEvent } from '../../shared/api';
import type { DatabaseHolder } from '../backup/holder';
import type { AuditContext } from '../db/audit';
import type { Db } from '../db/open';

/** What every handler gets from its shell: the open database, who is acting, and a progress channel. */
export interface HandlerContext {
  db: Db;
  databasePath: string;
  /** The OS user, or the advisor name set in Settings. */
  actor: string;
  progress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
  /** The shell's swappable handle (Electron, web host): lets `backup.restore` replace the open database. */
  databaseHolder?: DatabaseHolder;
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
