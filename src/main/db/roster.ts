import type { ParsedRosterQuery, RosterRow } from '../../shared/api/students';
import { STEP1_STATUSES, step1GroupOf, type CkStatus, type Step1Status } from '../../shared/exam-status';
import { RISK_OF_ORDER } from './cohort-index';
import type { EnrolmentStatus, FlagCode, RiskLevel } from '../../shared/domain';
import type { Db } from './open';

/**
 * The roster's SQL. Two shapes answer one query:
 * - on `students` with its own indexes, when the view sorts and filters on stored fields only (the common
 *   first view, fast without evaluating anyone);
 * - on the cohort index (temp.cohort_status, see cohort-index.ts), when it sorts or filters on what the
 *   rules concluded: risk, flags, Step 1 / CK status.
 */

type Where = { clauses: string[]; params: Record<string, unknown> };

/** The filter fields of a roster query (the dashboard's cohort filter is a subset). */
export type RosterFilterFields = Partial<
  Pick<ParsedRosterQuery, 'search' | 'gradYears' | 'advisor' | 'applicantType' | 'risk' | 'step1' | 'ck' | 'flag' | 'hasCkScore' | 'ckFrom' | 'ckTo' | 'noCkDate' | 'practice' | 'statuses' | 'archived'>
> & {
  /** The stored spellings of the target specialty filtered on (cohort/targets.ts); [] matches no one. */
  targetVariants?: string[];
  /** Only these students (a selection being exported). */
  ids?: readonly string[];
};

/** A roster query as the SQL takes it: the target specialty already resolved to stored spellings. */
export type RosterSqlQuery = Omit<ParsedRosterQuery, 'targetSpecialty'> & RosterFilterFields;

/** Escapes LIKE wildcards so a search for "%" finds a literal percent sign. */
function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Filters on stored student fields; `t` is the table alias, the columns are named alike in both tables. */
export function storedFieldFilters(q: RosterFilterFields, t: 's' | 'c', id: string): Where {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  const search = q.search ? searchText(q.search) : '';
  if (search) {
    // A name is found as the roster shows it ("Abbott, Hector"), as it is spoken ("Hector Abbott") and
    // as a surname-first list writes it without the comma ("Abbott Hector").
    const like = (expr: string) => `${expr} LIKE @search ESCAPE '\\'`;
    const matches = (a: string) =>
      `(${[`${a}.id`, `${a}.first_name`, `${a}.last_name`, `${a}.email`, `(${a}.first_name || ' ' || ${a}.last_name)`, `(${a}.last_name || ', ' || ${a}.first_name)`, `(${a}.last_name || ' ' || ${a}.first_name)`]
        .map(like)
        .join(' OR ')})`;
    // The cohort index keeps no e-mail addresses: there the search reads the students table.
    clauses.push(t === 's' ? matches('s') : `${id} IN (SELECT sx.id FROM students sx WHERE ${matches('sx')})`);
    params.search = likePattern(search);
  }
  if (q.gradYears?.length) {
    clauses.push(`${t}.grad_year IN (${q.gradYears.map((_, i) => `@y${i}`).join(', ')})`);
    q.gradYears.forEach((y, i) => (params[`y${i}`] = y));
  }
  // Advisor names compare case-insensitively, as flags.cohort compares them.
  if (q.advisor) (clauses.push(`${t}.advisor = @advisor COLLATE NOCASE`), (params.advisor = q.advisor.trim()));
  if (q.applicantType) (clauses.push(`${t}.applicant_type = @applicantType`), (params.applicantType = q.applicantType));
  if (q.targetVariants) {
    clauses.push(q.targetVariants.length ? `${t}.target_specialty IN (${q.targetVariants.map((_, i) => `@t${i}`).join(', ')})` : '0');
    q.targetVariants.forEach((v, i) => (params[`t${i}`] = v));
  }
  if (q.practice) {
    // Students with a scored practice exam of this kind in the window: the students a point of the
    // dashboard's practice trend averages (dashboard.ts, practiceScores).
    clauses.push(`${id} IN (SELECT p.student_id FROM practice_exams p WHERE p.exam = @pExam AND p.score IS NOT NULL AND p.taken_on BETWEEN @pFrom AND @pTo)`);
    Object.assign(params, { pExam: q.practice.exam, pFrom: q.practice.from, pTo: q.practice.to });
  }
  if (q.ids) (clauses.push(`${id} IN (SELECT value FROM json_each(@ids))`), (params.ids = JSON.stringify(q.ids)));
  // Archived students (migration 0007) are in no view but the one that asks for them.
  clauses.push(t === 's' ? `s.archived_at IS ${q.archived ? 'NOT ' : ''}NULL` : `c.archived = ${q.archived ? 1 : 0}`);
  return { clauses, params };
}

/** The search as typed, with runs of spaces made one and a comma written the way the roster shows it. */
export function searchText(text: string): string {
  return text.trim().replace(/\s+/g, ' ').replace(/\s*,\s*/g, ', ');
}

const RISK_ORDER: Record<string, number> = { critical: 0, high: 1, medium: 2, low: 3, none: 4 };

/** True when answering the query needs the rules' conclusions for every student, not just the page's. */
export function needsCohortIndex(q: Pick<ParsedRosterQuery, 'risk' | 'step1' | 'ck' | 'flag' | 'hasCkScore' | 'ckFrom' | 'ckTo' | 'noCkDate' | 'sort' | 'statuses'>): boolean {
  return !!(
    q.risk?.length ||
    // The status on the as-of date is derived from the history: the index holds it.
    q.statuses?.length ||
    q.step1 ||
    q.ck ||
    q.flag ||
    q.hasCkScore ||
    q.ckFrom ||
    q.ckTo ||
    q.noCkDate ||
    q.sort === 'risk' ||
    q.sort === 'step1' ||
    q.sort === 'ckScore' ||
    q.sort === 'ckDate'
  );
}

const STORED_SORT: Record<string, string> = {
  id: 's.id',
  name: 's.last_name COLLATE NOCASE, s.first_name COLLATE NOCASE',
  gradYear: 's.grad_year',
  applicantType: 's.applicant_type',
  targetSpecialty: 's.target_specialty COLLATE NOCASE',
  advisor: 's.advisor COLLATE NOCASE',
};

const NAME = 'c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE';
/** Step 1 in order of concern: failed first, passed last. */
const STEP1_ORDER = `CASE c.step1 WHEN 'failed' THEN 0 WHEN 'pending' THEN 1 WHEN 'scheduled' THEN 2 WHEN 'not yet' THEN 3 ELSE 4 END`;
const INDEXED_SORT: Record<ParsedRosterQuery['sort'], string> = {
  id: 'c.student_id',
  name: NAME,
  gradYear: `c.grad_year, ${NAME}`,
  applicantType: `c.applicant_type, ${NAME}`,
  targetSpecialty: `c.target_specialty COLLATE NOCASE, ${NAME}`,
  advisor: `c.advisor COLLATE NOCASE, ${NAME}`,
  // Ascending = most severe first: the order an advisor reads a risk column in.
  risk: `c.risk_order, ${NAME}`,
  step1: `${STEP1_ORDER}, ${NAME}`,
  // Students without a score or date sort after those with one, whichever the direction.
  ckScore: `c.ck_score IS NULL, c.ck_score, ${NAME}`,
  ckDate: `c.ck_date IS NULL, c.ck_date, ${NAME}`,
};

function orderBy(sql: string, dir: 'ASC' | 'DESC', tieBreak: string): string {
  const terms = sql.split(', ');
  return (terms.includes(tieBreak) ? terms : [...terms, tieBreak])
    .map((c) => (c.endsWith(' IS NULL') ? c : `${c} ${dir}`))
    .join(', ');
}

export interface StoredRosterRow {
  id: string;
  firstName: string;
  lastName: string;
  gradYear: number;
  applicantType: RosterRow['applicantType'];
  targetSpecialty: string | null;
  advisor: string | null;
}

/** A page of the roster from `students` alone; the caller adds risk and exam status for these rows. */
export function queryStoredRoster(db: Db, q: RosterSqlQuery): { total: number; rows: StoredRosterRow[] } {
  const { clauses, params } = storedFieldFilters(q, 's', 's.id');
  const where = clauses.length ? `WHERE ${clauses.join(' AND ')}` : '';
  const total = (db.prepare(`SELECT count(*) AS n FROM students s ${where}`).get(params) as { n: number }).n;
  const dir = q.direction === 'desc' ? 'DESC' : 'ASC';
  const rows = db
    .prepare(
      `SELECT s.id, s.first_name AS firstName, s.last_name AS lastName, s.grad_year AS gradYear, s.applicant_type AS applicantType,
              s.target_specialty AS targetSpecialty, s.advisor
       FROM students s ${where}
       ORDER BY ${orderBy(STORED_SORT[q.sort] ?? STORED_SORT.name, dir, 's.id')}
       LIMIT @limit OFFSET @offset`,
    )
    .all({ ...params, limit: q.limit, offset: q.offset }) as StoredRosterRow[];
  return { total, rows };
}

interface IndexedRow {
  id: string;
  firstName: string;
  lastName: string;
  gradYear: number;
  applicantType: RosterRow['applicantType'];
  targetSpecialty: string | null;
  advisor: string | null;
  step1: Step1Status;
  ck: CkStatus;
  ckScore: number | null;
  ckDate: string | null;
  risk: RiskLevel | null;
  flagCodes: string;
  enrolment: EnrolmentStatus;
  archived: 0 | 1;
}

const INDEXED_COLUMNS = `c.student_id AS id, c.first_name AS firstName, c.last_name AS lastName, c.grad_year AS gradYear, c.applicant_type AS applicantType,
  c.target_specialty AS targetSpecialty, c.advisor, c.step1, c.ck, c.ck_score AS ckScore, c.ck_date AS ckDate, ${RISK_OF_ORDER} AS risk, c.flag_codes AS flagCodes,
  c.enrolment, c.archived`;

function fromIndexed(r: IndexedRow): RosterRow {
  const { flagCodes, archived, ...rest } = r;
  return { ...rest, flags: flagCodes ? (flagCodes.split(' ') as FlagCode[]) : [], archived: archived === 1 };
}

/** Every filter of the roster on the cohort index for one as-of date. */
export function cohortWhere(q: RosterFilterFields, asOf: string): Where {
  const { clauses, params } = storedFieldFilters(q, 'c', 'c.student_id');
  clauses.unshift('c.as_of = @asOf');
  params.asOf = asOf;
  if (q.risk?.length) {
    clauses.push(`c.risk_order IN (${q.risk.map((_, i) => `@r${i}`).join(', ')})`);
    q.risk.forEach((r, i) => (params[`r${i}`] = RISK_ORDER[r]));
  }
  if (q.step1) {
    const statuses = STEP1_STATUSES.filter((st) => step1GroupOf(st) === q.step1);
    clauses.push(`c.step1 IN (${statuses.map((_, i) => `@s${i}`).join(', ')})`);
    statuses.forEach((st, i) => (params[`s${i}`] = st));
  }
  if (q.ck) (clauses.push('c.ck = @ck'), (params.ck = q.ck));
  if (q.flag) (clauses.push(`instr(' ' || c.flag_codes || ' ', @flag) > 0`), (params.flag = ` ${q.flag} `));
  if (q.hasCkScore) clauses.push('c.ck_score IS NOT NULL');
  if (q.ckFrom) (clauses.push('c.ck_date >= @ckFrom'), (params.ckFrom = q.ckFrom));
  if (q.ckTo) (clauses.push('c.ck_date <= @ckTo'), (params.ckTo = q.ckTo));
  if (q.noCkDate) clauses.push('c.ck_date IS NULL');
  if (q.statuses?.length) {
    clauses.push(`c.enrolment IN (${q.statuses.map((_, i) => `@e${i}`).join(', ')})`);
    q.statuses.forEach((st, i) => (params[`e${i}`] = st));
  }
  return { clauses, params };
}

/** A page of the roster from the cohort index (which must hold `asOf`). */
export function queryIndexedRoster(db: Db, q: RosterSqlQuery, asOf: string): { total: number; rows: RosterRow[] } {
  const { clauses, params } = cohortWhere(q, asOf);
  const where = `WHERE ${clauses.join(' AND ')}`;
  const total = (db.prepare(`SELECT count(*) AS n FROM temp.cohort_status c ${where}`).get(params) as { n: number }).n;
  const dir = q.direction === 'desc' ? 'DESC' : 'ASC';
  const rows = db
    .prepare(`SELECT ${INDEXED_COLUMNS} FROM temp.cohort_status c ${where} ORDER BY ${orderBy(INDEXED_SORT[q.sort], dir, 'c.student_id')} LIMIT @limit OFFSET @offset`)
    .all({ ...params, limit: q.limit, offset: q.offset }) as IndexedRow[];
  return { total, rows: rows.map(fromIndexed) };
}

/** The IDs of every student of a view, in its order (the cohort index must hold `asOf`). */
export function queryIndexedIds(db: Db, q: Omit<RosterSqlQuery, 'offset' | 'limit'>, asOf: string): string[] {
  const { clauses, params } = cohortWhere(q, asOf);
  const dir = q.direction === 'desc' ? 'DESC' : 'ASC';
  return db
    .prepare(`SELECT c.student_id FROM temp.cohort_status c WHERE ${clauses.join(' AND ')} ORDER BY ${orderBy(INDEXED_SORT[q.sort], dir, 'c.student_id')}`)
    .pluck()
    .all(params) as string[];
}

/** The index's conclusions for some students (the rows of a page), by ID. */
export function indexedRowsFor(db: Db, asOf: string, ids: readonly string[]): Map<string, RosterRow> {
  const out = new Map<string, RosterRow>();
  if (!ids.length) return out;
  const rows = db
    .prepare(`SELECT ${INDEXED_COLUMNS} FROM temp.cohort_status c WHERE c.as_of = ? AND c.student_id IN (${ids.map(() => '?').join(', ')})`)
    .all(asOf, ...ids) as IndexedRow[];
  for (const r of rows) out.set(r.id, fromIndexed(r));
  return out;
}
