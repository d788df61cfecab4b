import type { Database } from 'better-sqlite3';

/**
 * Schema v5 (office mode's contract, on a laptop too): every editable row carries a version that
 * goes up on every update, whoever makes it, so a save can name the version it read and be refused
 * when the row has moved on ("changed by NAME at TIME") instead of overwriting it. One person uses a
 * laptop, but its windows, the CLI and a restore can still race, and the office (PostgreSQL) schema
 * has the same column and rule, so the store's contract is the same on both engines. PostgreSQL's
 * 0005 also sets up the office's roles, row-level security and database-written audit.
 */
const EDITABLE = ['students', 'exam_attempts', 'practice_exams', 'advising_notes', 'action_items', 'settings', 'specialties', 'programs', 'saved_filters'];

/**
 * A student's version guards their record (profile and plan); the advising checklist in the same row
 * is ticked item by item and merges by itself, so ticking it does not make an open profile form stale.
 */
export const STUDENT_RECORD_COLUMNS = [
  'first_name', 'last_name', 'email', 'grad_year', 'applicant_type', 'target_specialty', 'backup_specialty',
  'advisor', 'usce_months', 'us_letters', 'step1_deadline', 'notes', 'custom_fields',
];

export function up(db: Database): void {
  for (const table of EDITABLE)
    db.exec(`
      ALTER TABLE ${table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
      CREATE TRIGGER ${table}_version AFTER UPDATE${table === 'students' ? ` OF ${STUDENT_RECORD_COLUMNS.join(', ')}` : ''} ON ${table} FOR EACH ROW WHEN new.version = old.version
      BEGIN
        UPDATE ${table} SET version = old.version + 1 WHERE rowid = new.rowid;
      END;
    `);
}
