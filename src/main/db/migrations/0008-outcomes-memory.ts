import type { Database } from 'better-sqlite3';
import { SETTINGS, SIGNAL_SOURCE, SIGNALS } from '../../store/migrations/0008-reference-rows';

/**
 * Schema v8 (issue 15): the program directory and the school's outcomes memory.
 *
 * - programs gain the directory's fields: the NRMP/ACGME code outcomes link to (unique when
 *   present; a directory re-import updates by it), positions, visa sponsorship, COMLEX accepted, and
 *   the import batch that added a program.
 * - match_outcomes: one graduate's season in one specialty. The Student ID is not a foreign key: a
 *   match list names graduates the roster may no longer hold (the CK at application is then the
 *   list's own). `source` says where a row came from ('demo', 'import FILE', null = entered).
 * - outcome_applications: the programs a graduate applied to that season (signal, interview).
 * - outcome_consents: whether the student shares their outcomes (only 'yes' counts in aggregates).
 * - signal_allowances: ERAS program signals per season and specialty, with their source (the 2025
 *   season seeded, frozen in store/migrations/0008-reference-rows.ts).
 * - national_match_rates: NRMP Charting Outcomes match rates by CK band, as the office enters them.
 * - program_lists: a student's saved list per specialty (the advisor's changes as JSON entries),
 *   who saved it and when, versioned so a stale save changes nothing.
 * - Settings: CK bands, the small-cell suppression threshold, program-level evidence minimum.
 */
export function up(db: Database): void {
  db.exec(`
    ALTER TABLE programs ADD COLUMN code TEXT;
    ALTER TABLE programs ADD COLUMN positions INTEGER;
    ALTER TABLE programs ADD COLUMN visa TEXT CHECK (visa IN ('none', 'J-1', 'H-1B', 'J-1 and H-1B'));
    ALTER TABLE programs ADD COLUMN comlex_accepted INTEGER CHECK (comlex_accepted IN (0, 1));
    ALTER TABLE programs ADD COLUMN import_batch INTEGER REFERENCES import_batches (id);
    CREATE UNIQUE INDEX programs_by_code ON programs (code) WHERE code IS NOT NULL;

    CREATE TABLE match_outcomes (
      id                    INTEGER PRIMARY KEY,
      student_id            TEXT NOT NULL,
      season                INTEGER NOT NULL,
      specialty             TEXT NOT NULL,
      applications          INTEGER,
      gold_signals          INTEGER,
      silver_signals        INTEGER,
      interviews            INTEGER,
      rank_list_length      INTEGER,
      result                TEXT NOT NULL CHECK (result IN ('matched', 'soap', 'unmatched', 'withdrew')),
      matched_program_code  TEXT,
      matched_program_name  TEXT,
      ck_at_application     INTEGER,
      comlex_at_application INTEGER,
      note                  TEXT,
      source                TEXT,
      created_at            TEXT NOT NULL,
      updated_at            TEXT NOT NULL,
      import_batch          INTEGER REFERENCES import_batches (id),
      version               INTEGER NOT NULL DEFAULT 1,
      UNIQUE (student_id, season, specialty)
    );
    CREATE INDEX match_outcomes_by_specialty ON match_outcomes (specialty, season);
    CREATE INDEX match_outcomes_by_program ON match_outcomes (matched_program_code);

    CREATE TABLE outcome_applications (
      id                INTEGER PRIMARY KEY,
      outcome_id        INTEGER NOT NULL REFERENCES match_outcomes (id) ON DELETE CASCADE,
      program_code      TEXT NOT NULL,
      signal            TEXT CHECK (signal IN ('gold', 'silver')),
      interview_offered INTEGER CHECK (interview_offered IN (0, 1)),
      import_batch      INTEGER REFERENCES import_batches (id),
      version           INTEGER NOT NULL DEFAULT 1,
      UNIQUE (outcome_id, program_code)
    );
    CREATE INDEX outcome_applications_by_program ON outcome_applications (program_code);

    CREATE TABLE outcome_consents (
      id          INTEGER PRIMARY KEY,
      student_id  TEXT NOT NULL UNIQUE,
      consent     TEXT NOT NULL CHECK (consent IN ('yes', 'no')),
      recorded_on TEXT NOT NULL,
      note        TEXT,
      source      TEXT,
      version     INTEGER NOT NULL DEFAULT 1
    );

    CREATE TABLE signal_allowances (
      id        INTEGER PRIMARY KEY,
      season    INTEGER NOT NULL,
      specialty TEXT NOT NULL,
      gold      INTEGER,
      silver    INTEGER,
      signals   INTEGER,
      source    TEXT NOT NULL,
      note      TEXT,
      version   INTEGER NOT NULL DEFAULT 1,
      UNIQUE (season, specialty),
      CHECK ((signals IS NOT NULL) <> (gold IS NOT NULL OR silver IS NOT NULL))
    );

    CREATE TABLE national_match_rates (
      id                 INTEGER PRIMARY KEY,
      specialty          TEXT NOT NULL,
      year               INTEGER NOT NULL,
      ck_from            INTEGER,
      ck_to              INTEGER,
      match_rate_percent REAL NOT NULL CHECK (match_rate_percent BETWEEN 0 AND 100),
      n                  INTEGER NOT NULL CHECK (n >= 0),
      source             TEXT NOT NULL,
      version            INTEGER NOT NULL DEFAULT 1
    );
    CREATE UNIQUE INDEX national_match_rates_by_band ON national_match_rates (specialty, year, ifnull(ck_from, -1), ifnull(ck_to, -1));

    CREATE TABLE program_lists (
      id         INTEGER PRIMARY KEY,
      student_id TEXT NOT NULL REFERENCES students (id) ON DELETE CASCADE,
      specialty  TEXT NOT NULL,
      entries    TEXT NOT NULL,
      saved_by   TEXT NOT NULL,
      saved_at   TEXT NOT NULL,
      version    INTEGER NOT NULL DEFAULT 1,
      UNIQUE (student_id, specialty)
    );
  `);
  for (const t of ['match_outcomes', 'outcome_applications', 'outcome_consents', 'signal_allowances', 'national_match_rates', 'program_lists'])
    db.exec(`
      CREATE TRIGGER ${t}_version AFTER UPDATE ON ${t} FOR EACH ROW WHEN new.version = old.version
      BEGIN
        UPDATE ${t} SET version = old.version + 1 WHERE rowid = new.rowid;
      END;
    `);

  const exists = db.prepare(`SELECT 1 FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`).pluck();
  const insert = db.prepare(
    `INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const now = new Date().toISOString();
  for (const [key, effectiveFrom, kind, value, label, source, note] of SETTINGS)
    if (exists.get(key, effectiveFrom) === undefined) insert.run(key, effectiveFrom, kind, value, label, source, note, now);
  const signal = db.prepare(`INSERT INTO signal_allowances (season, specialty, gold, silver, signals, source, note) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  for (const [season, specialty, gold, silver, signals, note] of SIGNALS) signal.run(season, specialty, gold, silver, signals, SIGNAL_SOURCE, note);
}
