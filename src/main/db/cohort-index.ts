/**
 * The cohort index: one row per (as-of date, student) with the core's conclusions about the student
 * (risk level, flag codes, Step 1 / Step 2 CK status, the specialty reference used) next to the fields
 * the roster and dashboard filter and sort on. It is a TEMP table: private to this connection, never
 * in the database file or its backups, rebuilt by src/main/cohort/status-index.ts whenever the data
 * changed. It lets SQLite sort, filter and aggregate 100,000 evaluated students without shipping them
 * anywhere.
 */
import type { Db } from './open';

export interface CohortIndexRow {
  asOf: string;
  studentId: string;
  lastName: string;
  firstName: string;
  email: string | null;
  gradYear: number;
  advisor: string | null;
  applicantType: string | null;
  targetSpecialty: string | null;
  /** 0 critical … 3 low, 4 no flags: ascending = most severe first. */
  riskOrder: number;
  risk: string | null;
  /** Space-separated, most severe first. */
  flagCodes: string;
  flagCount: number;
  step1: string;
  step1Group: string;
  ck: string;
  ckScore: number | null;
  ckDate: string | null;
  /** The specialty the target matched in the reference table, and its reference CK, as the evaluation used them. */
  targetName: string | null;
  targetTier: string | null;
  referenceCk: number | null;
  referenceSource: string | null;
  ckSafeDate: string;
  reviewDate: string;
}

const SCHEMA = `
  CREATE TEMP TABLE IF NOT EXISTS cohort_status (
    as_of            TEXT NOT NULL,
    student_id       TEXT NOT NULL,
    last_name        TEXT NOT NULL,
    first_name       TEXT NOT NULL,
    email            TEXT,
    grad_year        INTEGER NOT NULL,
    advisor          TEXT,
    applicant_type   TEXT,
    target_specialty TEXT,
    risk_order       INTEGER NOT NULL,
    risk             TEXT,
    flag_codes       TEXT NOT NULL,
    flag_count       INTEGER NOT NULL,
    step1            TEXT NOT NULL,
    step1_group      TEXT NOT NULL,
    ck               TEXT NOT NULL,
    ck_score         INTEGER,
    ck_date          TEXT,
    target_name      TEXT,
    target_tier      TEXT,
    reference_ck     INTEGER,
    reference_source TEXT,
    ck_safe_date     TEXT NOT NULL,
    review_date      TEXT NOT NULL,
    PRIMARY KEY (as_of, student_id)
  ) WITHOUT ROWID;
  CREATE INDEX IF NOT EXISTS temp.cohort_status_by_risk ON cohort_status (as_of, risk_order, last_name COLLATE NOCASE, first_name COLLATE NOCASE, student_id);
  CREATE INDEX IF NOT EXISTS temp.cohort_status_by_name ON cohort_status (as_of, last_name COLLATE NOCASE, first_name COLLATE NOCASE, student_id);
  CREATE INDEX IF NOT EXISTS temp.cohort_status_by_class ON cohort_status (as_of, grad_year, risk_order);
`;

export function createCohortIndex(db: Db): void {
  db.exec(SCHEMA);
}

/**
 * A number that changes whenever any connection commits a change to the database: PRAGMA data_version
 * moves on other connections' commits (a CLI import while the app is open), total_changes() on this
 * connection's own writes. Read it right after filling the index, whose own writes count too.
 */
export function dataVersion(db: Db): string {
  const external = db.pragma('data_version', { simple: true }) as number;
  const own = (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
  return `${external}:${own}`;
}

export function clearCohortIndex(db: Db, asOf?: string): void {
  createCohortIndex(db);
  if (asOf === undefined) db.prepare('DELETE FROM temp.cohort_status').run();
  else db.prepare('DELETE FROM temp.cohort_status WHERE as_of = ?').run(asOf);
}

export function writeCohortIndex(db: Db, rows: Iterable<CohortIndexRow>): void {
  createCohortIndex(db);
  const insert = db.prepare(
    `INSERT OR REPLACE INTO temp.cohort_status (as_of, student_id, last_name, first_name, email, grad_year, advisor, applicant_type, target_specialty,
       risk_order, risk, flag_codes, flag_count, step1, step1_group, ck, ck_score, ck_date, target_name, target_tier, reference_ck, reference_source,
       ck_safe_date, review_date)
     VALUES (@asOf, @studentId, @lastName, @firstName, @email, @gradYear, @advisor, @applicantType, @targetSpecialty,
       @riskOrder, @risk, @flagCodes, @flagCount, @step1, @step1Group, @ck, @ckScore, @ckDate, @targetName, @targetTier, @referenceCk, @referenceSource,
       @ckSafeDate, @reviewDate)`,
  );
  db.transaction(() => {
    for (const r of rows) insert.run(r);
  })();
}
