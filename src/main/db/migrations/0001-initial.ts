import type { Database } from 'better-sqlite3';
import { SETTINGS, SPECIALTIES, SPECIALTY_EFFECTIVE_DATE, SPECIALTY_SOURCE } from '../../store/migrations/0001-reference-rows';

/** Schema v1: the whole domain, so later work adds columns through migrations, not ad-hoc tables. */
export function up(db: Database): void {
  db.exec(`
    CREATE TABLE students (
      id               TEXT PRIMARY KEY,
      first_name       TEXT NOT NULL,
      last_name        TEXT NOT NULL,
      email            TEXT,
      grad_year        INTEGER NOT NULL,
      applicant_type   TEXT CHECK (applicant_type IN ('US_MD', 'US_DO', 'IMG')),
      target_specialty TEXT,
      backup_specialty TEXT,
      advisor          TEXT,
      usce_months      REAL,
      us_letters       INTEGER,
      step1_deadline   TEXT,
      notes            TEXT,
      custom_fields    TEXT NOT NULL DEFAULT '{}',
      checklist        TEXT NOT NULL DEFAULT '{}',
      created_at       TEXT NOT NULL,
      updated_at       TEXT NOT NULL
    );
    CREATE INDEX students_by_grad_year ON students (grad_year);
    CREATE INDEX students_by_advisor ON students (advisor);
    CREATE INDEX students_by_name ON students (last_name COLLATE NOCASE, first_name COLLATE NOCASE);
    CREATE INDEX students_by_target ON students (target_specialty COLLATE NOCASE);

    CREATE TABLE exam_attempts (
      id            INTEGER PRIMARY KEY,
      student_id    TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
      exam          TEXT NOT NULL CHECK (exam IN ('STEP1', 'STEP2CK', 'STEP3', 'COMLEX1', 'COMLEX2CE')),
      test_date     TEXT,
      outcome       TEXT CHECK (outcome IN ('PASS', 'FAIL', 'INCOMPLETE', 'SCHEDULED', 'PENDING')),
      score         INTEGER,
      attempt_order INTEGER,
      source        TEXT,
      created_at    TEXT NOT NULL,
      CHECK (outcome IS NOT NULL OR score IS NOT NULL)
    );
    CREATE INDEX exam_attempts_by_student ON exam_attempts (student_id, exam, test_date);
    CREATE INDEX exam_attempts_by_exam_date ON exam_attempts (exam, test_date);

    CREATE TABLE practice_exams (
      id               INTEGER PRIMARY KEY,
      student_id       TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
      exam             TEXT NOT NULL CHECK (exam IN ('STEP1', 'STEP2CK')),
      form             TEXT NOT NULL,
      taken_on         TEXT NOT NULL,
      score            INTEGER,
      pass_probability REAL,
      source           TEXT,
      created_at       TEXT NOT NULL,
      CHECK (score IS NOT NULL OR pass_probability IS NOT NULL)
    );
    CREATE UNIQUE INDEX practice_exams_natural_key ON practice_exams (student_id, exam, form, taken_on);

    CREATE TABLE specialties (
      id             INTEGER PRIMARY KEY,
      name           TEXT NOT NULL UNIQUE COLLATE NOCASE,
      tier           TEXT NOT NULL CHECK (tier IN ('highly', 'moderately', 'less')),
      reference_ck   INTEGER,
      aliases        TEXT NOT NULL DEFAULT '[]',
      source         TEXT NOT NULL,
      effective_date TEXT NOT NULL,
      note           TEXT
    );

    CREATE TABLE programs (
      id              INTEGER PRIMARY KEY,
      name            TEXT NOT NULL,
      specialty_id    INTEGER REFERENCES specialties (id) ON DELETE SET NULL,
      city            TEXT,
      state           TEXT,
      kind            TEXT,
      step_ck_minimum INTEGER,
      note            TEXT
    );
    CREATE INDEX programs_by_specialty ON programs (specialty_id);

    -- One row per (fact, effective date); effective_from NULL = in force since always.
    CREATE TABLE settings (
      id             INTEGER PRIMARY KEY,
      key            TEXT NOT NULL,
      effective_from TEXT,
      kind           TEXT NOT NULL CHECK (kind IN ('number', 'date', 'monthDay', 'text')),
      value          TEXT NOT NULL,
      label          TEXT NOT NULL,
      source         TEXT NOT NULL,
      note           TEXT,
      updated_at     TEXT NOT NULL
    );
    CREATE UNIQUE INDEX settings_by_key_date ON settings (key, ifnull(effective_from, ''));

    CREATE TABLE advising_notes (
      id             INTEGER PRIMARY KEY,
      student_id     TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
      author         TEXT NOT NULL,
      created_at     TEXT NOT NULL,
      body           TEXT NOT NULL,
      follow_up_date TEXT
    );
    CREATE INDEX advising_notes_by_student ON advising_notes (student_id, created_at);
    CREATE INDEX advising_notes_by_follow_up ON advising_notes (follow_up_date);

    CREATE TABLE action_items (
      id       INTEGER PRIMARY KEY,
      note_id  INTEGER NOT NULL REFERENCES advising_notes (id) ON DELETE CASCADE,
      text     TEXT NOT NULL,
      due_date TEXT,
      done     INTEGER NOT NULL DEFAULT 0 CHECK (done IN (0, 1))
    );
    CREATE INDEX action_items_by_note ON action_items (note_id);

    CREATE TABLE saved_filters (
      id      INTEGER PRIMARY KEY,
      name    TEXT NOT NULL UNIQUE,
      filter  TEXT NOT NULL
    );

    -- Append-only: who changed what, when, from what to what.
    CREATE TABLE audit_log (
      id        INTEGER PRIMARY KEY,
      at        TEXT NOT NULL,
      actor     TEXT NOT NULL,
      action    TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete')),
      entity    TEXT NOT NULL,
      entity_id TEXT NOT NULL,
      field     TEXT,
      old_value TEXT,
      new_value TEXT,
      context   TEXT
    );
    CREATE INDEX audit_log_by_entity ON audit_log (entity, entity_id);
    CREATE INDEX audit_log_by_at ON audit_log (at);
  `);

  const now = new Date().toISOString();
  const insertSetting = db.prepare(
    `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [key, effectiveFrom, kind, value, label, source, note] of SETTINGS)
    insertSetting.run(key, effectiveFrom, kind, value, label, source, note, now);

  const insertSpecialty = db.prepare(
    `INSERT INTO specialties (name, tier, reference_ck, aliases, source, effective_date, note)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const [name, tier, referenceCk, aliases, note] of SPECIALTIES)
    insertSpecialty.run(name, tier, referenceCk, JSON.stringify(aliases), SPECIALTY_SOURCE, SPECIALTY_EFFECTIVE_DATE, note);
}
