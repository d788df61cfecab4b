import type { Database } from 'better-sqlite3';
import { SETTINGS } from '../../store/migrations/0010-reference-rows';

/**
 * Schema v10: the setting that makes each outcomes chart pool at least a few seasons
 * (store/migrations/0010-reference-rows.ts). Blocks closed at the smallest size the suppression
 * threshold allows held about ten applicants each, too few for any CK band to be shown. A row the
 * office already has is left as it is.
 */
export function up(db: Database): void {
  const exists = db.prepare(`SELECT 1 FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`).pluck();
  const insert = db.prepare(
    `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  for (const [key, effectiveFrom, kind, value, label, source, note] of SETTINGS)
    if (exists.get(key, effectiveFrom) === undefined) insert.run(key, effectiveFrom, kind, value, label, source, note, now);
}
