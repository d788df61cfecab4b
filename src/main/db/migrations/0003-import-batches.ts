import type { Database } from 'better-sqlite3';

/**
 * Schema v3: an import is audited as one batch, not one audit row per inserted record. Each import
 * that changes anything gets an `import_batches` row (who, when, the file's name, size and SHA-256,
 * what it added and updated) and one audit row (entity `import_batch`); every student, exam attempt
 * and practice exam it creates is stamped with that batch. Values an import *changes* are still
 * audited field by field, as every other write. Together they say who put which value in, from
 * which file, when, as the per-record rows did, without a second copy of every imported record
 * (half of a 100,000-student database, and a third of the import's time).
 */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE import_batches (
      id          INTEGER PRIMARY KEY,
      at          TEXT NOT NULL,
      actor       TEXT NOT NULL,
      file_name   TEXT NOT NULL,
      file_bytes  INTEGER NOT NULL,
      file_sha256 TEXT NOT NULL,
      counts      TEXT NOT NULL
    );
    ALTER TABLE students ADD COLUMN import_batch INTEGER REFERENCES import_batches (id);
    ALTER TABLE exam_attempts ADD COLUMN import_batch INTEGER REFERENCES import_batches (id);
    ALTER TABLE practice_exams ADD COLUMN import_batch INTEGER REFERENCES import_batches (id);
  `);
}
