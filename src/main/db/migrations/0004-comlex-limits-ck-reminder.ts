import type { Database } from 'better-sqlite3';
import { ROWS } from '../../store/migrations/0004-reference-rows';

/**
 * Schema v4: the reference settings the COMLEX rules and the CK_LATE planning reminder read
 * (RULES.md §1 COMLEX attempt limit; §4 CK_LATE `ckLate.unscheduledWarningDays`). Databases created
 * before them lack the rows, and the rules refuse to run on a missing setting.
 *
 * Frozen: the values are literals (store/migrations/0004-reference-rows.ts), not today's defaults, so
 * this migration does the same thing forever. A database created by a later version already has the rows (the first
 * migration seeds the defaults of its day): they are left as they are, as is anything the office edited.
 */
export function up(db: Database): void {
  const exists = db.prepare(`SELECT 1 FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`).pluck();
  const insert = db.prepare(
    `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  for (const [key, effectiveFrom, kind, value, label, source, note] of ROWS)
    if (exists.get(key, effectiveFrom) === undefined) insert.run(key, effectiveFrom, kind, value, label, source, note, now);
}
