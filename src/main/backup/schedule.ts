import fs from 'node:fs';
import { backupsDirFor, ownBackupNames } from './files';
import type { DatabaseHolder } from './holder';
import { takeBackup } from './service';

export const DAY_MS = 24 * 60 * 60 * 1000;

export interface DailyBackupOptions {
  /** How often to look whether a day has passed (default hourly: a laptop asleep overnight catches up within the hour). */
  checkEveryMs?: number;
  /** Age of the newest backup that calls for a new one (default one day). */
  maxAgeMs?: number;
  now?: () => Date;
  onError?: (err: unknown) => void;
  onBackup?: (name: string) => void;
}

/** Age of this database's newest backup in ms, or Infinity when it has none. */
export function newestBackupAge(dbPath: string, now: Date): number {
  const dir = backupsDirFor(dbPath);
  if (!fs.existsSync(dir)) return Infinity;
  const newest = ownBackupNames(dbPath, fs.readdirSync(dir))[0];
  return newest ? now.getTime() - newest.parsed.takenAt.getTime() : Infinity;
}

/**
 * While the app is open: once the newest backup is a day old, take a `daily` one (skipped when
 * nothing changed since). Returns the function that stops the timer. The timer does not keep the
 * process alive on its own.
 */
export function scheduleDailyBackups(holder: DatabaseHolder, opts: DailyBackupOptions = {}): () => void {
  const now = opts.now ?? (() => new Date());
  const maxAge = opts.maxAgeMs ?? DAY_MS;
  let running = false;
  const tick = () => {
    if (running || !holder.isOpen || newestBackupAge(holder.databasePath, now()) < maxAge) return;
    running = true;
    holder
      .exclusive(() => takeBackup(holder.db, holder.databasePath, 'daily', { skipIfUnchanged: true, now: now() }))
      .then(
        (info) => info && opts.onBackup?.(info.name),
        (err: unknown) => opts.onError?.(err),
      )
      .finally(() => (running = false));
  };
  const timer = setInterval(tick, opts.checkEveryMs ?? 60 * 60 * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
