/**
 * The cohort index: one row per (as-of date, student) with the core's conclusions about the student
 * (risk level, flag codes, Step 1 / Step 2 CK status, the specialty reference used) next to the fields
 * the roster and dashboard filter and sort on. It is a TEMP table: private to this connection, never
 * in the database file or its backups, rebuilt by src/main/cohort/status-index.ts whenever the data
 * changed. It lets SQLite sort, filter and aggregate 100,000 evaluated students without shipping them
 * anywhere.
 */
import type { CkStatus, Step1Status } from '../../shared/exam-status';
import type { EnrolmentStatus } from '../../shared/domain/enrolment';
import type { Db } from './open';

export interface CohortIndexRow {
  asOf: string;
  studentId: string;
  lastName: string;
  firstName: string;
  gradYear: number;
  advisor: string | null;
  applicantType: string | null;
  targetSpecialty: string | null;
  /** 0 critical … 3 low, 4 no flags: ascending = most severe first. */
  riskOrder: number;
  /** Space-separated, most severe first. */
  flagCodes: string;
  flagCount: number;
  step1: Step1Status;
  ck: CkStatus;
  ckScore: number | null;
  ckDate: string | null;
  /** The specialty the target matched in the reference table (else the target as typed): one bar per specialty. */
  targetGroup: string | null;
  targetTier: string | null;
  /** The reference CK the evaluation used for the target (null: target not in the table). */
  referenceCk: number | null;
  /** The enrolment status on the as-of date (migration 0007). */
  enrolment: EnrolmentStatus;
  /** 1 when the student is archived (left out of every view unless asked for), else 0. */
  archived: 0 | 1;
}

/** Column order of the table and of every inserted row. Kept short: each value bound costs at 100,000 rows. */
const COLUMNS = [
  ['as_of', 'asOf'],
  ['student_id', 'studentId'],
  ['last_name', 'lastName'],
  ['first_name', 'firstName'],
  ['grad_year', 'gradYear'],
  ['advisor', 'advisor'],
  ['applicant_type', 'applicantType'],
  ['target_specialty', 'targetSpecialty'],
  ['risk_order', 'riskOrder'],
  ['flag_codes', 'flagCodes'],
  ['flag_count', 'flagCount'],
  ['step1', 'step1'],
  ['ck', 'ck'],
  ['ck_score', 'ckScore'],
  ['ck_date', 'ckDate'],
  ['target_group', 'targetGroup'],
  ['target_tier', 'targetTier'],
  ['reference_ck', 'referenceCk'],
  ['enrolment', 'enrolment'],
  ['archived', 'archived'],
] as const satisfies readonly (readonly [string, keyof CohortIndexRow])[];

const TABLE = `
  CREATE TEMP TABLE IF NOT EXISTS cohort_status (
    as_of TEXT NOT NULL, student_id TEXT NOT NULL, last_name TEXT NOT NULL, first_name TEXT NOT NULL,
    grad_year INTEGER NOT NULL, advisor TEXT, applicant_type TEXT, target_specialty TEXT,
    risk_order INTEGER NOT NULL, flag_codes TEXT NOT NULL, flag_count INTEGER NOT NULL,
    step1 TEXT NOT NULL, ck TEXT NOT NULL, ck_score INTEGER, ck_date TEXT,
    target_group TEXT, target_tier TEXT, reference_ck INTEGER, enrolment TEXT NOT NULL, archived INTEGER NOT NULL
  )`;

/** The risk level a risk_order stands for (the index keeps the order only). */
export const RISK_OF_ORDER = `CASE c.risk_order WHEN 0 THEN 'critical' WHEN 1 THEN 'high' WHEN 2 THEN 'medium' WHEN 3 THEN 'low' END`;

/**
 * Built after each fill: one sort per index beats updating b-trees row by row. The dashboard's indexes
 * carry every column their aggregate reads (covering), so a count over 100,000 students reads the
 * narrow index, never the wide rows; filters on advisor, type or target look the rows up.
 */
const INDEXES = `
  CREATE UNIQUE INDEX IF NOT EXISTS temp.cohort_status_by_student ON cohort_status (as_of, student_id);
  CREATE INDEX IF NOT EXISTS temp.cohort_status_by_risk ON cohort_status (as_of, risk_order, last_name COLLATE NOCASE, first_name COLLATE NOCASE, student_id);
  CREATE INDEX IF NOT EXISTS temp.cohort_status_by_class ON cohort_status (as_of, grad_year, risk_order, step1, ck, archived, enrolment);
  CREATE INDEX IF NOT EXISTS temp.cohort_status_by_target ON cohort_status (as_of, target_group COLLATE NOCASE, ck_score, reference_ck, target_tier, archived, enrolment);
  CREATE INDEX IF NOT EXISTS temp.cohort_status_by_ck_date ON cohort_status (as_of, grad_year, ck_date, archived, enrolment);
`;
const DROP_INDEXES = ['by_student', 'by_risk', 'by_class', 'by_target', 'by_ck_date'].map((n) => `DROP INDEX IF EXISTS temp.cohort_status_${n};`).join('\n');

const created = new WeakSet<Db>();

export function createCohortIndex(db: Db): void {
  if (created.has(db)) return;
  // The index lives in memory (about 30 MB at 100,000 students), not in a temp file. Changing
  // temp_store drops existing temp tables, so it is set once, before the table exists.
  if ((db.pragma('temp_store', { simple: true }) as number) !== 2) db.pragma('temp_store = MEMORY');
  db.exec(TABLE);
  db.exec(INDEXES);
  created.add(db);
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

/** Adds one as-of date's rows (the caller cleared that date first). */
export function writeCohortIndex(db: Db, rows: readonly CohortIndexRow[]): void {
  createCohortIndex(db);
  const insert = db.prepare(`INSERT INTO temp.cohort_status (${COLUMNS.map(([c]) => c).join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`);
  db.transaction(() => {
    db.exec(DROP_INDEXES);
    const values: unknown[] = new Array(COLUMNS.length);
    for (const r of rows) {
      for (let i = 0; i < COLUMNS.length; i++) values[i] = r[COLUMNS[i][1]];
      insert.run(values);
    }
    db.exec(INDEXES);
  })();
}
