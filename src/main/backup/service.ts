import fs from 'node:fs';
import path from 'node:path';
import type { BackupInfo, BackupList } from '../../shared/api/backup';
import type { Db } from '../db/open';
import { backupKeep } from '../db/preferences';
import { copyDatabase, removeStalePartials } from './copy';
import { backupFileName, backupsDirFor, ownBackupNames } from './files';
import { fingerprint, inspectBackupFile } from './inspect';

export interface TakeBackupOptions {
  /** Skip when nothing changed since the newest backup (start-up and daily backups). */
  skipIfUnchanged?: boolean;
  /** How many to keep; default the database's `backup.keep` setting. */
  keep?: number;
  now?: Date;
}

function ensureBackupsDir(dbPath: string): string {
  const dir = backupsDirFor(dbPath);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  return dir;
}

function describe(dir: string, name: string, takenAt: Date, reason: string): BackupInfo {
  const file = path.join(dir, name);
  const facts = inspectBackupFile(file);
  return { name, takenAt: takenAt.toISOString(), reason, bytes: fs.statSync(file).size, students: facts.students, schemaVersion: facts.schemaVersion, problem: facts.problem };
}

/**
 * Takes a rolling backup of an open database into its backups folder (named with the time and the
 * reason, owner-only), then deletes the oldest beyond the number to keep. Returns null when skipped
 * because nothing changed since the newest backup.
 */
export async function takeBackup(db: Db, dbPath: string, reason: string, opts: TakeBackupOptions = {}): Promise<BackupInfo | null> {
  const dir = ensureBackupsDir(dbPath);
  if (opts.skipIfUnchanged) {
    // A database nothing was ever written to (first start) has nothing worth keeping.
    if (!db.prepare('SELECT 1 FROM audit_log LIMIT 1').get()) return null;
    const newest = ownBackupNames(dbPath, fs.readdirSync(dir))[0];
    if (newest && inspectBackupFile(path.join(dir, newest.name)).fingerprint === fingerprint(db)) return null;
  }
  let at = opts.now ?? new Date();
  let name = backupFileName(dbPath, reason, at);
  // Two backups in the same millisecond (a restore right after a start-up backup): the later one moves on a millisecond, never overwrites.
  for (;;) {
    try {
      await copyDatabase(db, path.join(dir, name));
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'EEXIST') throw err;
      at = new Date(at.getTime() + 1);
      name = backupFileName(dbPath, reason, at);
    }
  }
  pruneBackups(dbPath, opts.keep ?? backupKeep(db));
  return describe(dir, name, at, reason);
}

/** Deletes this database's oldest backups beyond `keep` (and leftovers of interrupted copies). */
export function pruneBackups(dbPath: string, keep: number): string[] {
  const dir = backupsDirFor(dbPath);
  if (!fs.existsSync(dir)) return [];
  removeStalePartials(dir);
  const removed: string[] = [];
  for (const old of ownBackupNames(dbPath, fs.readdirSync(dir)).slice(Math.max(1, keep))) {
    fs.rmSync(path.join(dir, old.name), { force: true });
    removed.push(old.name);
  }
  return removed;
}

/** Every backup of this database, newest first, with its size and student count. */
export function listBackups(dbPath: string, keep: number): BackupList {
  const dir = backupsDirFor(dbPath);
  const names = fs.existsSync(dir) ? fs.readdirSync(dir) : [];
  const backups: BackupInfo[] = [];
  for (const b of ownBackupNames(dbPath, names)) {
    try {
      backups.push(describe(dir, b.name, b.parsed.takenAt, b.parsed.reason));
    } catch {
      /* deleted while listing */
    }
  }
  return { folder: dir, keep, backups };
}

/** The newest backup that passes an integrity check and this version can open, or null. */
export function newestGoodBackup(dbPath: string): BackupInfo | null {
  const dir = backupsDirFor(dbPath);
  if (!fs.existsSync(dir)) return null;
  for (const b of ownBackupNames(dbPath, fs.readdirSync(dir))) {
    const file = path.join(dir, b.name);
    const facts = inspectBackupFile(file, { verify: true });
    if (facts.problem === null)
      return { name: b.name, takenAt: b.parsed.takenAt.toISOString(), reason: b.parsed.reason, bytes: fs.statSync(file).size, students: facts.students, schemaVersion: facts.schemaVersion, problem: null };
  }
  return null;
}
