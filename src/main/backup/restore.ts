import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../../shared/api/contract';
import type { BackupInfo } from '../../shared/api/backup';
import { writeAudit } from '../db/audit';
import { openDatabase, PRIVATE_FILE_MODE, type Db } from '../db/open';
import { copyDatabaseFile } from './copy';
import { damagedDirFor, parseBackupName } from './files';
import type { DatabaseHolder } from './holder';
import { inspectBackupFile, integrityProblems } from './inspect';
import { takeBackup } from './service';

export interface RestoreOptions {
  dbPath: string;
  /** The backup to put in place: a file in the backups folder, or any copy made with `stepwise backup --out`. */
  backupFile: string;
  /** Who asked, for the audit log of the restored database. */
  actor: string;
  /** The app's open database, when a shell holds one: closed for the swap and reopened after. */
  holder?: DatabaseHolder;
}

export interface RestoreOutcome {
  restored: BackupInfo;
  /** The database as it was before the restore (null when there was none, or it was unreadable). */
  safetyBackup: BackupInfo | null;
  /** Where an unreadable database was copied aside, when it was. */
  movedAside: string | null;
  students: number;
}

function infoFor(file: string, facts: { students: number | null; schemaVersion: number | null }): BackupInfo {
  const parsed = parseBackupName(path.basename(file));
  return {
    name: path.basename(file),
    takenAt: (parsed?.takenAt ?? fs.statSync(file).mtime).toISOString(),
    reason: parsed?.reason ?? 'manual',
    bytes: fs.statSync(file).size,
    students: facts.students,
    schemaVersion: facts.schemaVersion,
    problem: null,
  };
}

/** Copies an unreadable database (and its WAL) aside, owner-only, before it is replaced. */
function moveAsideDamaged(dbPath: string): string | null {
  if (!fs.existsSync(dbPath)) return null;
  const dir = damagedDirFor(dbPath);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = path.join(dir, `${path.basename(dbPath)}.${new Date().toISOString().replace(/[:.]/g, '-')}`);
  for (const suffix of ['', '-wal', '-shm']) {
    if (!fs.existsSync(dbPath + suffix)) continue;
    fs.copyFileSync(dbPath + suffix, target + suffix);
    fs.chmodSync(target + suffix, PRIVATE_FILE_MODE);
  }
  return target;
}

/** Backs up the current database if it opens and passes its check; otherwise copies it aside. */
async function saveCurrentState(opts: RestoreOptions): Promise<{ safetyBackup: BackupInfo | null; movedAside: string | null }> {
  const noPrune = { keep: Number.MAX_SAFE_INTEGER };
  if (opts.holder?.isOpen) return { safetyBackup: await takeBackup(opts.holder.db, opts.dbPath, 'before-restore', noPrune), movedAside: null };
  if (!fs.existsSync(opts.dbPath)) return { safetyBackup: null, movedAside: null };
  let db: Db | null = null;
  try {
    db = await openDatabase(opts.dbPath);
    if (integrityProblems(db, fs.statSync(opts.dbPath).size).length === 0)
      return { safetyBackup: await takeBackup(db, opts.dbPath, 'before-restore', noPrune), movedAside: null };
  } catch {
    /* unreadable: copied aside below */
  } finally {
    db?.close();
  }
  return { safetyBackup: null, movedAside: moveAsideDamaged(opts.dbPath) };
}

/** Puts the staged copy in place of the database; the old WAL must go first, or SQLite would replay it onto the restored file. */
function swapIn(staged: string, dbPath: string): void {
  fs.rmSync(`${dbPath}-wal`, { force: true });
  fs.rmSync(`${dbPath}-shm`, { force: true });
  fs.renameSync(staged, dbPath);
}

/**
 * Restores a backup over the database: checks the backup (integrity, schema), stages a copy of it
 * next to the database with the backup API, saves the current state as a `before-restore` backup,
 * swaps the copy in (closing and reopening the app's handle when one is held) and records the
 * restore in the restored database's audit log. A failure before the swap leaves the database as
 * it was.
 */
export async function restoreBackup(opts: RestoreOptions): Promise<RestoreOutcome> {
  const run = async (): Promise<RestoreOutcome> => {
    const name = path.basename(opts.backupFile);
    if (!fs.existsSync(opts.backupFile)) throw new ApiError('NOT_FOUND', `No backup ${name}`);
    if (path.resolve(opts.backupFile) === path.resolve(opts.dbPath)) throw new ApiError('REJECTED', 'A database cannot be restored from itself');
    const facts = inspectBackupFile(opts.backupFile, { verify: true });
    if (facts.problem) throw new ApiError('REJECTED', `${name} cannot be restored: it is ${facts.problem}`);
    const restored = infoFor(opts.backupFile, facts);

    const staged = path.join(path.dirname(path.resolve(opts.dbPath)), `.${path.basename(opts.dbPath)}.restoring-${process.pid}`);
    await copyDatabaseFile(opts.backupFile, staged);
    try {
      const saved = await saveCurrentState(opts);
      const reopen = async () => {
        const db = await openDatabase(opts.dbPath);
        writeAudit(db, { actor: opts.actor, context: 'restore from backup' }, {
          action: 'update',
          entity: 'database',
          entityId: path.basename(opts.dbPath),
          field: 'restored from backup',
          oldValue: saved.safetyBackup?.name ?? saved.movedAside,
          newValue: name,
        });
        return db;
      };
      let students: number;
      if (opts.holder?.isOpen) {
        await opts.holder.whileClosed(async () => swapIn(staged, opts.dbPath), reopen);
        students = (opts.holder.db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
      } else {
        swapIn(staged, opts.dbPath);
        const db = await reopen();
        students = (db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
        db.close();
      }
      return { restored, ...saved, students };
    } finally {
      fs.rmSync(staged, { force: true });
    }
  };
  return opts.holder ? opts.holder.exclusive(run) : run();
}
