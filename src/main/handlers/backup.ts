import path from 'node:path';
import { ApiError } from '../../shared/api/contract';
import { listBackups, restoreBackup, takeBackup } from '../backup';
import { backupsDirFor, ownBackupNames } from '../backup/files';
import { backupKeep, writePreference } from '../db/preferences';
import { auditFrom, type HandlerContext, type HandlerMap } from './context';

/** Where backups of an office database come from: IT's own tools (README "Office mode: backups"). */
export const OFFICE_BACKUPS =
  'This window works on the office database, which IT backs up with PostgreSQL’s own tools: stepwise backup --db postgres://… runs pg_dump (or says what to schedule), and stepwise restore brings a dump back. This app’s backups are of a laptop’s own file.';

function requireFile(ctx: HandlerContext): void {
  if (ctx.store?.engine === 'postgres') throw new ApiError('REJECTED', OFFICE_BACKUPS);
  if (ctx.databasePath === ':memory:') throw new ApiError('REJECTED', 'An in-memory database has no backups');
}

export const backupHandlers: HandlerMap<'backup.list' | 'backup.create' | 'backup.restore' | 'backup.setKeep'> = {
  'backup.list': (_input, ctx) => {
    requireFile(ctx);
    return listBackups(ctx.databasePath, backupKeep(ctx.db));
  },
  'backup.create': async (_input, ctx) => {
    requireFile(ctx);
    const take = () => takeBackup(ctx.db, ctx.databasePath, 'manual');
    const info = await (ctx.databaseHolder ? ctx.databaseHolder.exclusive(take) : take());
    if (!info) throw new ApiError('INTERNAL', 'The backup was not taken');
    return info;
  },
  'backup.restore': async ({ name }, ctx) => {
    requireFile(ctx);
    // Restoring swaps the open file: only a shell that holds the database in a DatabaseHolder can do it (the CLI has `stepwise restore`).
    if (!ctx.databaseHolder) throw new ApiError('REJECTED', 'Restoring is not available here; close the app and run: stepwise restore');
    // Only a backup this database's folder lists: the name is never used as a path of its own.
    const dir = backupsDirFor(ctx.databasePath);
    const known = ownBackupNames(ctx.databasePath, [name]);
    if (known.length === 0) throw new ApiError('NOT_FOUND', `No backup named ${name}`);
    const outcome = await restoreBackup({ dbPath: ctx.databasePath, backupFile: path.join(dir, known[0].name), actor: ctx.actor, holder: ctx.databaseHolder });
    return { restored: outcome.restored, safetyBackup: outcome.safetyBackup, students: outcome.students };
  },
  'backup.setKeep': ({ keep }, ctx) => {
    requireFile(ctx);
    writePreference(ctx.db, 'backup.keep', String(keep), auditFrom(ctx, 'settings'));
    return { keep: backupKeep(ctx.db) };
  },
};
