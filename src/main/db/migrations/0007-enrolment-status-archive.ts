import type { Database } from 'better-sqlite3';

/**
 * Schema v7 (issue 14, "Students' life cycle"):
 *
 * - enrolment_changes: a student's enrolment status history (active, leave of absence, extended,
 *   withdrawn, graduated), each change with the day it takes effect, for a leave or an extension the
 *   planned last day, a note, and who recorded it when. The status on a date is derived from it
 *   (src/shared/domain/enrolment.ts); a student with no change is active. Versioned like every
 *   editable table since 0005; audited by the app (entity `enrolment_change`).
 * - students.archived_at / archived_by: a student who leaves is archived, never deleted: hidden from
 *   lists, counts, reports and flag lists unless asked for, restorable. Archiving is not an edit of
 *   the record, so it leaves the student's version (an open profile form) alone. The class index
 *   carries the column, so a roster view's count by class still reads the index alone.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE enrolment_changes (
      id             INTEGER PRIMARY KEY,
      student_id     TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
      status         TEXT NOT NULL CHECK (status IN ('active', 'leave', 'extended', 'withdrawn', 'graduated')),
      effective_from TEXT NOT NULL,
      ends_on        TEXT,
      note           TEXT,
      changed_by     TEXT NOT NULL,
      changed_at     TEXT NOT NULL,
      import_batch   INTEGER REFERENCES import_batches (id),
      version        INTEGER NOT NULL DEFAULT 1,
      CHECK (ends_on IS NULL OR (status IN ('leave', 'extended') AND ends_on >= effective_from))
    );
    CREATE INDEX enrolment_changes_by_student ON enrolment_changes (student_id, effective_from);
    CREATE TRIGGER enrolment_changes_version AFTER UPDATE ON enrolment_changes FOR EACH ROW WHEN new.version = old.version
    BEGIN
      UPDATE enrolment_changes SET version = old.version + 1 WHERE rowid = new.rowid;
    END;

    ALTER TABLE students ADD COLUMN archived_at TEXT;
    ALTER TABLE students ADD COLUMN archived_by TEXT;
    -- Every roster view now leaves archived students out: its count by class stays on one index, and
    -- the count of the whole roster reads a narrow one.
    DROP INDEX students_by_grad_year;
    CREATE INDEX students_by_grad_year ON students (grad_year, archived_at);
    CREATE INDEX students_by_archived ON students (archived_at);
  `);
}
