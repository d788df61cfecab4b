import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseError } from './errors';
import { MIGRATIONS, SCHEMA_VERSION, checkRegistry } from './migrations';

export { DatabaseError };

export type Db = Database.Database;


export interface OpenOptions {
  /** Where to put the copy taken before migrating an existing database (default: next to it). */
  backupDir?: string;
}

/** Owner-only permissions: student records are confidential education records. */
export const PRIVATE_FILE_MODE = 0o600;

export function restrictToOwner(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    try {
      fs.chmodSync(f, PRIVATE_FILE_MODE);
    } catch {
      /* the -wal/-shm files exist only while open */
    }
  }
}

/**
 * Opens (creating if needed) a Stepwise database: WAL, foreign keys on, owner-only file mode,
 * all pending migrations applied in one transaction after a backup copy of an existing file.
 * A database written by a newer Stepwise is refused rather than misread.
 */
export async function openDatabase(file: string, options: OpenOptions = {}): Promise<Db> {
  checkRegistry();
  const isMemory = file === ':memory:';
  if (!isMemory) {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true, mode: 0o700 });
    if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', PRIVATE_FILE_MODE));
  }
  let db: Db;
  try {
    db = new Database(file);
  } catch (err) {
    throw new DatabaseError(`Cannot open ${file}: ${(err as Error).message}`, 'OPEN_FAILED');
  }
  try {
    let version: number;
    try {
      version = db.pragma('user_version', { simple: true }) as number;
    } catch (err) {
      throw new DatabaseError(`${file} is not a Stepwise database (${(err as Error).message})`, 'NOT_A_DATABASE');
    }
    if (version > SCHEMA_VERSION) {
      throw new DatabaseError(
        `${file} was written by a newer version of Stepwise (schema ${version}; this version understands up to ${SCHEMA_VERSION}). Update Stepwise to open it; the file was not changed.`,
        'FUTURE_VERSION',
      );
    }
    if (!isMemory) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    if (version < SCHEMA_VERSION) {
      if (version > 0 && !isMemory) await backupBeforeMigration(db, file, version, options.backupDir);
      migrate(db, version);
    }
    if (!isMemory) restrictToOwner(file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

async function backupBeforeMigration(db: Db, file: string, version: number, dir?: string): Promise<void> {
  const target = path.join(dir ?? path.join(path.dirname(file), 'backups'), `${path.basename(file, '.db')}-before-v${SCHEMA_VERSION}-from-v${version}-${Date.now()}.db`);
  fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
  await db.backup(target);
  fs.chmodSync(target, PRIVATE_FILE_MODE);
}

/** Applies every migration after `from`, all in one transaction: a failure leaves the file as it was. */
export function migrate(db: Db, from: number): void {
  const pending = MIGRATIONS.filter((m) => m.version > from);
  db.transaction(() => {
    for (const m of pending) {
      m.up(db);
      db.pragma(`user_version = ${m.version}`);
    }
  })();
}
