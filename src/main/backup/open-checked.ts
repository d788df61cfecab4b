import fs from 'node:fs';
import type { BackupInfo } from '../../shared/api/backup';
import { DatabaseError, openDatabase, type Db, type OpenOptions } from '../db/open';
import { integrityProblems } from './inspect';
import { newestGoodBackup } from './service';
import { forgetVerified, unchangedSinceVerified } from './verified-stamp';

export interface CheckedOpenOptions extends OpenOptions {
  /**
   * `always` (the default; the desktop app and the web host on start), or `when-changed`: skipped
   * when the file is exactly as it was when last verified (verified-stamp.ts; the CLI's commands).
   */
  check?: 'always' | 'when-changed';
}

/**
 * A database that fails its integrity check, or that SQLite reports as corrupt. Carries the newest
 * backup that passes the check, so every shell can offer to restore it: the CLI names it and the
 * `stepwise restore` command, the desktop app shows a recovery dialog.
 */
export class DamagedDatabaseError extends DatabaseError {
  constructor(
    readonly databasePath: string,
    readonly problems: string[],
    readonly newestGood: BackupInfo | null,
    code: DatabaseError['code'] = 'DAMAGED',
    summary?: string,
  ) {
    super(damagedMessage(databasePath, problems, newestGood, summary), code);
    this.name = 'DamagedDatabaseError';
  }
}

function damagedMessage(dbPath: string, problems: string[], good: BackupInfo | null, summary?: string): string {
  const what = summary ?? `${dbPath} is damaged (integrity check: ${problems.slice(0, 2).join('; ')})`;
  if (!good) return `${what}. There is no good backup to restore; keep the file for recovery and contact your IT support.`;
  const students = good.students === null ? '' : `, ${good.students} students`;
  return `${what}. The newest good backup is ${good.name} (taken ${good.takenAt}${students}); restore it with: stepwise restore --newest --db "${dbPath}"`;
}

function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code);
}

/**
 * `openDatabase` plus `PRAGMA integrity_check` (quick_check for very large files). A damaged file,
 * or one SQLite cannot read as a database, becomes a DamagedDatabaseError naming the newest good
 * backup; the file itself is left exactly as it was.
 */
export async function openCheckedDatabase(file: string, options: CheckedOpenOptions = {}): Promise<Db> {
  // Looked at before opening: opening creates the write-ahead log, which is part of the state.
  const unchanged = options.check === 'when-changed' && file !== ':memory:' && unchangedSinceVerified(file);
  let db: Db;
  try {
    db = await openDatabase(file, options);
  } catch (err) {
    const unreadable = (err instanceof DatabaseError && err.code === 'NOT_A_DATABASE') || isCorruption(err);
    if (!unreadable || file === ':memory:') throw err;
    const message = (err as Error).message.split('\n')[0];
    const good = newestGoodBackup(file);
    // A file that was never a Stepwise database (a mistyped --db) is not "damaged" unless it has backups.
    if (!good && err instanceof DatabaseError) throw err;
    throw new DamagedDatabaseError(file, [message], good, 'DAMAGED', err instanceof DatabaseError ? message : `${file} is damaged (${message})`);
  }
  if (file === ':memory:' || unchanged) return db;
  let problems: string[];
  try {
    problems = integrityProblems(db, fs.statSync(file).size);
  } catch (err) {
    if (!isCorruption(err)) {
      db.close();
      throw err;
    }
    problems = [(err as Error).message];
  }
  if (problems.length > 0) {
    db.close();
    forgetVerified(file);
    throw new DamagedDatabaseError(file, problems, newestGoodBackup(file));
  }
  return db;
}
