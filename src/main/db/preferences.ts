import type { AuditContext } from './audit';
import { writeAudit } from './audit';
import type { Db } from './open';

/**
 * The office's own preferences, kept in the `settings` table next to the reference facts (same
 * label/source columns, same Settings screen, same audit trail). They are not RULES.md facts, so no
 * migration seeds them: a missing row means the default below, and the first change inserts the row.
 */
export const PREFERENCES = {
  'backup.keep': {
    kind: 'number',
    label: 'Automatic backups kept (the oldest beyond this are deleted)',
    source: 'Stepwise default: 10 (PRODUCT.md, Reliability and security)',
    defaultValue: '10',
  },
  'office.userName': {
    kind: 'text',
    label: 'Name recorded in the audit log for changes made on this computer (blank: the computer’s user name)',
    source: 'Set by the office in Settings',
    defaultValue: '',
  },
  'office.schoolName': {
    kind: 'text',
    label: 'School name printed in the title row of every committee workbook sheet (blank: none)',
    source: 'Set by the office in Settings',
    defaultValue: '',
  },
} as const;

export type PreferenceKey = keyof typeof PREFERENCES;

export const BACKUP_KEEP_MIN = 1;
export const BACKUP_KEEP_MAX = 100;
export const USER_NAME_MAX = 100;

export function readPreference(db: Db, key: PreferenceKey): string {
  const row = db.prepare(`SELECT value FROM settings WHERE key = ? AND effective_from IS NULL`).get(key) as { value: string } | undefined;
  return row?.value ?? PREFERENCES[key].defaultValue;
}

/** Stores a preference (insert or update) and audits the change; returns false when the value was already that. */
export function writePreference(db: Db, key: PreferenceKey, value: string, who: AuditContext): boolean {
  return db.transaction(() => {
    const before = db.prepare(`SELECT value FROM settings WHERE key = ? AND effective_from IS NULL`).get(key) as { value: string } | undefined;
    if (before?.value === value) return false;
    const now = new Date().toISOString();
    const p = PREFERENCES[key];
    if (before) db.prepare(`UPDATE settings SET value = ?, updated_at = ? WHERE key = ? AND effective_from IS NULL`).run(value, now, key);
    else
      db.prepare(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES (?, NULL, ?, ?, ?, ?, NULL, ?)`).run(
        key,
        p.kind,
        value,
        p.label,
        p.source,
        now,
      );
    writeAudit(db, who, { action: before ? 'update' : 'insert', entity: 'setting', entityId: key, field: 'value', oldValue: before?.value ?? null, newValue: value }, now);
    return true;
  })();
}

/** How many automatic backups to keep; an unreadable stored value falls back to the default rather than deleting backups. */
export function backupKeep(db: Db): number {
  const n = Number(readPreference(db, 'backup.keep'));
  if (!Number.isInteger(n)) return Number(PREFERENCES['backup.keep'].defaultValue);
  return Math.min(BACKUP_KEEP_MAX, Math.max(BACKUP_KEEP_MIN, n));
}

/** The advisor name set in Settings, or null when none is set. */
export function officeUserName(db: Db): string | null {
  const name = readPreference(db, 'office.userName').trim();
  return name === '' ? null : name;
}

/** The school's name set in Settings (printed on committee workbooks), or null when none is set. */
export function officeSchoolName(db: Db): string | null {
  const name = readPreference(db, 'office.schoolName').trim();
  return name === '' ? null : name;
}
