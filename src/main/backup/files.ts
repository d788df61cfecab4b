import path from 'node:path';
import { backupsDirFor } from '../paths';

/**
 * Backup file names carry when and why each was taken, so the folder explains itself without a
 * catalogue: `stepwise-2026-11-26T01-22-53-123Z-before-import.db`. The copies the migration step
 * takes (src/main/db/open.ts) have their own older pattern, recognised here too.
 */

const STAMPED = /^(?<base>.+)-(?<stamp>\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)-(?<reason>[a-z0-9]+(?:-[a-z0-9]+)*)\.db$/;
const BEFORE_MIGRATION = /^(?<base>.+)-before-v\d+-from-v\d+-(?<ms>\d+)\.db$/;

export const REASON_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export interface ParsedBackupName {
  base: string;
  takenAt: Date;
  reason: string;
}

export function databaseBase(dbPath: string): string {
  return path.basename(dbPath, '.db');
}

export function backupFileName(dbPath: string, reason: string, at: Date): string {
  if (!REASON_PATTERN.test(reason) || reason.length > 40) throw new Error(`backup reason must be a short lower-case slug, got "${reason}"`);
  const stamp = at.toISOString().replace(/:/g, '-').replace('.', '-');
  return `${databaseBase(dbPath)}-${stamp}-${reason}.db`;
}

export function parseBackupName(name: string): ParsedBackupName | null {
  const stamped = STAMPED.exec(name);
  if (stamped?.groups) {
    const s = stamped.groups.stamp;
    const iso = `${s.slice(0, 10)}T${s.slice(11, 13)}:${s.slice(14, 16)}:${s.slice(17, 19)}.${s.slice(20, 23)}Z`;
    const takenAt = new Date(iso);
    if (Number.isNaN(takenAt.getTime())) return null;
    return { base: stamped.groups.base, takenAt, reason: stamped.groups.reason };
  }
  const migration = BEFORE_MIGRATION.exec(name);
  if (migration?.groups) return { base: migration.groups.base, takenAt: new Date(Number(migration.groups.ms)), reason: 'before-migration' };
  return null;
}

/** This database's backups in its backups folder, newest first (another database's backups in the same folder are not its own). */
export function ownBackupNames(dbPath: string, names: string[]): { name: string; parsed: ParsedBackupName }[] {
  const base = databaseBase(dbPath);
  return names
    .map((name) => ({ name, parsed: parseBackupName(name) }))
    .filter((b): b is { name: string; parsed: ParsedBackupName } => b.parsed !== null && b.parsed.base === base)
    .sort((a, b) => b.parsed.takenAt.getTime() - a.parsed.takenAt.getTime() || b.name.localeCompare(a.name));
}

export { backupsDirFor };

/** Where damaged databases are moved aside before a restore: kept for forensics, never listed or pruned. */
export function damagedDirFor(dbPath: string): string {
  return path.join(backupsDirFor(dbPath), 'damaged');
}
