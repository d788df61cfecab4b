import type { Database } from 'better-sqlite3';

/**
 * Schema v2: finds the audit history of records that no longer exist (a deleted exam attempt,
 * practice exam or note) by the student they belonged to. Their delete row keeps the whole record
 * as JSON, studentId included; live records are found through their own tables. The index is
 * partial (delete rows only, which are few), so it costs nothing on the hundreds of thousands of
 * rows an import audits.
 */
export function up(db: Database): void {
  db.exec(`
    CREATE INDEX audit_log_deleted_by_student ON audit_log (json_extract(old_value, '$.studentId'))
    WHERE action = 'delete' AND json_valid(old_value);
  `);
}
