import fs from 'node:fs';
import Database from 'better-sqlite3';

/**
 * Whether another process (the desktop app, the web host, a running import) has the database open.
 * A WAL-mode connection holds a shared lock on the file for as long as it is open, so asking for an
 * exclusive lock without waiting tells. A restore must not replace a file someone is still writing
 * to: their writes would go to the replaced file and be lost.
 */
export function isOpenElsewhere(dbPath: string): boolean {
  if (!fs.existsSync(dbPath)) return false;
  let db: Database.Database | null = null;
  try {
    db = new Database(dbPath, { fileMustExist: true, timeout: 0 });
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE; COMMIT');
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'SQLITE_BUSY' || (err as { code?: string }).code === 'SQLITE_LOCKED';
  } finally {
    db?.close();
  }
}
