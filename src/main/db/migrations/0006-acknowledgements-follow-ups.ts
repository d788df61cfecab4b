import type { Database } from 'better-sqlite3';
import { ROWS } from '../../store/migrations/0006-reference-rows';

/**
 * Schema v6 (issue 14; RULES.md §4 "Acknowledged flags", PRODUCT.md's follow-ups):
 *
 * - flag_acknowledgements: one per student and flag, with the flag as it read when acknowledged
 *   (severity and message: its facts, so a change of facts can be seen), the note, who and when, and
 *   the lapse once the app has seen it (audited like the acknowledgement itself). Versioned as
 *   every editable table since 0005.
 * - A note's follow-up and an action item can be marked done, with who and when: an overdue
 *   follow-up stays on the dashboard until then.
 * - The setting flags.acknowledgementDays (90), frozen in store/migrations/0006-reference-rows.ts.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE flag_acknowledgements (
      id              INTEGER PRIMARY KEY,
      student_id      TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
      code            TEXT NOT NULL,
      severity        TEXT NOT NULL CHECK (severity IN ('critical', 'high', 'medium', 'low')),
      message         TEXT NOT NULL,
      note            TEXT NOT NULL,
      acknowledged_by TEXT NOT NULL,
      acknowledged_at TEXT NOT NULL,
      acknowledged_on TEXT NOT NULL,
      lapsed_at       TEXT,
      lapse_reason    TEXT CHECK (lapse_reason IN ('changed', 'expired')),
      version         INTEGER NOT NULL DEFAULT 1,
      UNIQUE (student_id, code)
    );
    CREATE TRIGGER flag_acknowledgements_version AFTER UPDATE ON flag_acknowledgements FOR EACH ROW WHEN new.version = old.version
    BEGIN
      UPDATE flag_acknowledgements SET version = old.version + 1 WHERE rowid = new.rowid;
    END;

    ALTER TABLE advising_notes ADD COLUMN follow_up_done_at TEXT;
    ALTER TABLE advising_notes ADD COLUMN follow_up_done_by TEXT;
    ALTER TABLE action_items ADD COLUMN done_at TEXT;
    ALTER TABLE action_items ADD COLUMN done_by TEXT;
  `);
  const exists = db.prepare(`SELECT 1 FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`).pluck();
  const insert = db.prepare(
    `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  for (const [key, effectiveFrom, kind, value, label, source, note] of ROWS)
    if (exists.get(key, effectiveFrom) === undefined) insert.run(key, effectiveFrom, kind, value, label, source, note, now);
}
