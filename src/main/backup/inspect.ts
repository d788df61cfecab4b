import fs from 'node:fs';
import Database from 'better-sqlite3';
import { SCHEMA_VERSION } from '../db/migrations';
import type { Db } from '../db/open';

const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');
/**
 * Above this size `quick_check` (reads every page once: ~1 s for a 230 MB, 100,000-student file)
 * replaces the full `integrity_check` (also cross-checks every index entry: ~2.4 s for that file),
 * which every CLI command would otherwise pay on open.
 */
export const FULL_CHECK_MAX_BYTES = 64 * 1024 * 1024;

export interface BackupFacts {
  students: number | null;
  schemaVersion: number | null;
  /** Why it cannot be restored; null when it can. */
  problem: string | null;
  /** Total of the content fingerprint (see `fingerprint`); null when unreadable. */
  fingerprint: string | null;
}

/**
 * A backup copied from a WAL database is marked WAL in its header; opened alone, SQLite would create
 * -wal/-shm files next to it. Marking it as a rollback-journal file keeps each backup one file.
 */
export function makeSelfContained(file: string): void {
  const header = Buffer.alloc(20);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, header, 0, 20, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (!header.subarray(0, 16).equals(SQLITE_MAGIC) || header[18] !== 2) return;
  const db = new Database(file, { fileMustExist: true });
  try {
    db.pragma('journal_mode = DELETE');
  } finally {
    db.close();
  }
}

/**
 * What changed last, as far as the audit log knows (every write is audited): used to skip a
 * start-up or daily backup when nothing changed since the newest one.
 */
export function fingerprint(db: Db): string {
  const version = db.pragma('user_version', { simple: true }) as number;
  const last = db.prepare('SELECT max(id) AS id, max(at) AS at FROM audit_log').get() as { id: number | null; at: string | null };
  const students = (db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
  return `v${version}:a${last.id ?? 0}@${last.at ?? '-'}:s${students}`;
}

/** Problems `PRAGMA integrity_check` (or `quick_check` for large files) finds; empty when the file is sound. */
export function integrityProblems(db: Db, bytes: number, limit = 5): string[] {
  const pragma = bytes > FULL_CHECK_MAX_BYTES ? 'quick_check' : 'integrity_check';
  const rows = db.pragma(`${pragma}(${limit})`) as Record<string, string>[];
  const messages = rows.map((r) => String(Object.values(r)[0]));
  if (messages.length === 1 && messages[0] === 'ok') return [];
  // One finding per line, without SQLite's "*** in database main ***" banner, so messages stay one line each.
  return messages
    .flatMap((m) => m.split('\n'))
    .map((m) => m.trim())
    .filter((m) => m !== '' && !/^\*\*\* in database \w+ \*\*\*$/.test(m));
}

/** Reads a backup without changing its content: schema version, student count, and (with `verify`) an integrity check. */
export function inspectBackupFile(file: string, opts: { verify?: boolean } = {}): BackupFacts {
  let db: Db | null = null;
  try {
    const bytes = fs.statSync(file).size;
    makeSelfContained(file);
    db = new Database(file, { readonly: true, fileMustExist: true });
    const schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const hasStudents = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'students'`).get();
    if (!hasStudents || schemaVersion === 0) return { students: null, schemaVersion, problem: 'not a Stepwise database', fingerprint: null };
    if (schemaVersion > SCHEMA_VERSION)
      return { students: null, schemaVersion, problem: `written by a newer version of Stepwise (schema ${schemaVersion}; this version understands up to ${SCHEMA_VERSION})`, fingerprint: null };
    const students = (db.prepare('SELECT count(*) AS n FROM students').get() as { n: number }).n;
    if (opts.verify) {
      const problems = integrityProblems(db, bytes);
      if (problems.length) return { students, schemaVersion, problem: `damaged (${problems[0]})`, fingerprint: null };
    }
    return { students, schemaVersion, problem: null, fingerprint: fingerprint(db) };
  } catch (err) {
    return { students: null, schemaVersion: null, problem: `unreadable (${(err as Error).message.split('\n')[0]})`, fingerprint: null };
  } finally {
    db?.close();
  }
}
