import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { PRIVATE_FILE_MODE, type Db } from '../db/open';

/** Pages copied per step of the online backup: large enough to finish a 100,000-student file in a few steps. */
const PAGES_PER_STEP = 16_384;

/**
 * Copies an open database to `target` with SQLite's online backup API (consistent even while the
 * app keeps writing), as a self-contained file: rollback journal rather than WAL, so it can be read
 * or copied alone. The copy is written under a temporary name created owner-only from the start and
 * renamed into place at the end: a crash leaves no half-written file under the final name, and no
 * other user can read it at any moment. Unless `replace` is set, an existing file under the target
 * name is never overwritten (the error has code EEXIST).
 */
export async function copyDatabase(source: Db, target: string, opts: { replace?: boolean } = {}): Promise<void> {
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.partial-${process.pid}-${Date.now()}${crypto.randomBytes(4).toString('hex')}`);
  fs.closeSync(fs.openSync(temp, 'wx', PRIVATE_FILE_MODE));
  try {
    await source.backup(temp, { progress: () => PAGES_PER_STEP });
    const copy = new Database(temp);
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
    fs.chmodSync(temp, PRIVATE_FILE_MODE);
    if (opts.replace) fs.renameSync(temp, target);
    else {
      // link() refuses an existing name atomically, where rename() would silently replace it.
      try {
        fs.linkSync(temp, target);
        fs.rmSync(temp);
      } catch (err) {
        // File systems without hard links (FAT, some network shares): check, then rename.
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes((err as { code?: string }).code ?? '') || fs.existsSync(target)) throw err;
        fs.renameSync(temp, target);
      }
    }
  } catch (err) {
    fs.rmSync(temp, { force: true });
    fs.rmSync(`${temp}-journal`, { force: true });
    throw err;
  }
}

/** Copies a database file that nobody has open (a backup) the same way, for a restore. */
export async function copyDatabaseFile(sourceFile: string, target: string): Promise<void> {
  const source = new Database(sourceFile, { readonly: true, fileMustExist: true });
  try {
    await copyDatabase(source, target, { replace: true });
  } finally {
    source.close();
  }
}

/** Leftovers of copies interrupted by a crash (see copyDatabase), older than an hour. */
export function removeStalePartials(dir: string, now = Date.now()): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^\..+\.partial-\d+-\d+[0-9a-f]*(-journal)?$/.test(name)) continue;
    const file = path.join(dir, name);
    try {
      if (now - fs.statSync(file).mtimeMs > 60 * 60 * 1000) fs.rmSync(file, { force: true });
    } catch {
      /* already gone */
    }
  }
}
