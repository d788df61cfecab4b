/**
 * The state a database file was last verified in, kept beside it as `<file>-verified`: its
 * integrity check passed when a Stepwise command opened it, and the command closed it cleanly.
 * A command that finds the file (and its write-ahead log) exactly in that state skips the check:
 * the protection runs once per change of the file, not on every read-only command (on a 100,000-
 * student database the check costs more than the whole `stepwise flags`). Any change from anywhere
 * (the app saving, another program, a copy or restore over it) changes a size, a modification time
 * or the inode, and the next command checks again. The desktop app checks on every start regardless.
 */
import fs from 'node:fs';

interface FileState {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
}

interface Stamp {
  db: FileState;
  wal: FileState | null;
}

function stateOf(file: string): FileState | null {
  try {
    const s = fs.statSync(file);
    return { dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs };
  } catch {
    return null;
  }
}

function currentStamp(file: string): Stamp | null {
  const db = stateOf(file);
  // An empty log holds nothing: a read-only reader (another tool, a script) leaves one behind, and
  // the database is then exactly as it was. A log with any frame in it counts as a change.
  const wal = stateOf(`${file}-wal`);
  return db && { db, wal: wal && wal.size > 0 ? wal : null };
}

export function stampFile(file: string): string {
  return `${file}-verified`;
}

/** Whether the file is exactly as it was when last verified (see above). */
export function unchangedSinceVerified(file: string): boolean {
  let saved: string;
  try {
    saved = fs.readFileSync(stampFile(file), 'utf8');
  } catch {
    return false;
  }
  const now = currentStamp(file);
  return now !== null && JSON.stringify(now) === saved;
}

/** Records the file's state now, after a check passed and the file was closed cleanly. */
export function recordVerified(file: string): void {
  const now = currentStamp(file);
  if (!now) return;
  const tmp = `${stampFile(file)}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, JSON.stringify(now), { mode: 0o600 });
    fs.renameSync(tmp, stampFile(file));
  } catch {
    // A folder we may read but not write: the check simply runs again next time.
    fs.rmSync(tmp, { force: true });
  }
}

/** Forgets the verified state (a check failed, or the file is about to be replaced). */
export function forgetVerified(file: string): void {
  fs.rmSync(stampFile(file), { force: true });
}
