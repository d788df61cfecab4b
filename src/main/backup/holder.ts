import { ApiError } from '../../shared/api/contract';
import type { Db } from '../db/open';
import { stopReaders } from '../db/readers';

/**
 * The shells' one open database, held so it can be swapped: a restore closes the file, puts the
 * backup in its place and reopens it while the app keeps running. Shells build each call's
 * HandlerContext from the holder (see `contextFor`), so `ctx.db` is always the current handle.
 * Backups and restores run one at a time through `exclusive`, so a restore never closes the file
 * under a backup that is still copying it.
 */
export class DatabaseHolder {
  // TypeScript-private rather than #private: the Electron security scanner cannot parse class private fields.
  private current: Db | null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly databasePath: string,
    db: Db,
  ) {
    this.current = db;
  }

  get db(): Db {
    if (!this.current) throw new ApiError('CONFLICT', 'The database is being restored from a backup; try again in a moment.');
    return this.current;
  }

  get isOpen(): boolean {
    return this.current !== null;
  }

  /** Runs backup and restore work one after another, in call order. */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * Closes the database, runs `fn` (which may replace the file), then opens it again with `reopen`
   * — also when `fn` fails, so the app is never left without its database.
   */
  async whileClosed<T>(fn: () => Promise<T>, reopen: () => Promise<Db>): Promise<T> {
    const db = this.db;
    // Readers with connections of their own (a report's worker thread) stop first: none may hold the file being replaced.
    await stopReaders(this.databasePath, 'The database is being restored from a backup; the report was stopped. Make it again once the restore is done.');
    db.close();
    this.current = null;
    try {
      return await fn();
    } finally {
      this.current = await reopen();
    }
  }

  close(): void {
    this.current?.close();
    this.current = null;
  }
}
