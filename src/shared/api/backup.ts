import { z } from 'zod';
import { endpoint } from './contract';

/**
 * Backups of the database (PRODUCT.md, Reliability and security): rolling automatic copies taken
 * with SQLite's online backup API in a `backups` folder next to the database, listed and restored
 * from Settings → Backups.
 */

/** Why a backup was taken; part of its file name. */
export const BACKUP_REASON_LABELS: Record<string, string> = {
  start: 'App started',
  daily: 'Daily',
  'before-import': 'Before an import',
  'before-restore': 'Before a restore',
  'before-migration': 'Before a database upgrade',
  'before-demo-removal': 'Before the demo cohort was removed',
  manual: 'Taken by hand',
};

export interface BackupInfo {
  /** File name inside the backups folder; what `backup.restore` takes. */
  name: string;
  /** ISO instant the backup was taken (from its name). */
  takenAt: string;
  reason: string;
  bytes: number;
  /** Students in the backup; null when the file could not be read. */
  students: number | null;
  schemaVersion: number | null;
  /** Why the file cannot be restored (unreadable, from a newer Stepwise…); null when it can. */
  problem: string | null;
}

export interface BackupList {
  folder: string;
  /** How many automatic backups are kept (setting `backup.keep`). */
  keep: number;
  /** Newest first. */
  backups: BackupInfo[];
}

export interface RestoreResult {
  restored: BackupInfo;
  /** The copy of the database as it was just before the restore (null only when there was no database yet). */
  safetyBackup: BackupInfo | null;
  students: number;
}

/** A backup file name as listed by `backup.list`: no folders, no path tricks. */
export const BackupName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^/\\]+\.db$/, 'a backup file name from the list (ending in .db, without folders)')
  .refine((n) => !n.startsWith('.') && !/[\u0000-\u001f\u007f]/.test(n), 'a backup file name from the list');

export const backupApi = {
  'backup.list': endpoint<BackupList>()(z.object({})),
  'backup.create': endpoint<BackupInfo>()(z.object({})),
  'backup.restore': endpoint<RestoreResult>()(z.object({ name: BackupName })),
  'backup.setKeep': endpoint<{ keep: number }>()(z.object({ keep: z.number().int().min(1).max(100) })),
};
