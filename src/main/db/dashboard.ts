/**
 * The dashboard's aggregations, in SQL over the cohort index (temp.cohort_status) for one as-of date,
 * so 100,000 evaluated students become a handful of numbers inside SQLite. The caller makes sure the
 * index holds the date (cohort/status-index.ts).
 */
import type { CkBySpecialtyRow, CkTimelineMonth, DashboardOptions, FollowUp, RiskByClassRow } from '../../shared/api/dashboard';
import type { RiskLevel, Tier } from '../../shared/domain';
import type { Db } from './open';
import { step1GroupOf, type Step1Status } from '../../shared/exam-status';
import { RISK_OF_ORDER } from './cohort-index';
import { cohortWhere, storedFieldFilters, type RosterFilterFields } from './roster';
import { enrolmentStatusSql } from './enrolment';

function where(filter: RosterFilterFields, asOf: string) {
  const { clauses, params } = cohortWhere(filter, asOf);
  return { sql: `WHERE ${clauses.join(' AND ')}`, params };
}

export interface CountsRow {
  students: number;
  s1Passed: number;
  s1Failed: number;
  s1NotYet: number;
  ckReported: number;
  ckScheduled: number;
  ckNotScheduled: number;
  critical: number;
  high: number;
  medium: number;
  low: number;
  none: number;
}

/**
 * The counts in one pass: rows grouped in the order of cohort_status_by_class (class, risk, Step 1,
 * CK), which SQLite streams from the index without sorting; the few dozen groups are summed here.
 */
export function cohortCounts(db: Db, filter: RosterFilterFields, asOf: string): CountsRow {
  const w = where(filter, asOf);
  const groups = db
    .prepare(
      `SELECT c.risk_order AS riskOrder, c.step1 AS step1, c.ck AS ck, count(*) AS n
       FROM temp.cohort_status c ${w.sql}
       GROUP BY c.grad_year, c.risk_order, c.step1, c.ck`,
    )
    .all(w.params) as { riskOrder: number; step1: string; ck: string; n: number }[];
  const out: CountsRow = { students: 0, s1Passed: 0, s1Failed: 0, s1NotYet: 0, ckReported: 0, ckScheduled: 0, ckNotScheduled: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 };
  const S1: Record<string, keyof CountsRow> = { passed: 's1Passed', failed: 's1Failed', notYet: 's1NotYet' };
  const CK: Record<string, keyof CountsRow> = { reported: 'ckReported', scheduled: 'ckScheduled', notScheduled: 'ckNotScheduled' };
  const RISK: (keyof CountsRow)[] = ['critical', 'high', 'medium', 'low', 'none'];
  for (const g of groups) {
    out.students += g.n;
    out[S1[step1GroupOf(g.step1 as Step1Status)]] += g.n;
    out[CK[g.ck]] += g.n;
    out[RISK[g.riskOrder]] += g.n;
  }
  return out;
}

/**
 * How many students carry each of these failure flags. RULES.md §4 makes each of them critical (not
 * passed) or high (passed since), so only critical and high students are read, through the index by
 * risk: about 15% of a cohort instead of every wide row (56 ms against 490 ms at 100,000 students).
 * test/integration/dashboard-chart-drilldown.test.ts holds the counts against the students flagged.
 */
export function failureFlagCounts<C extends string>(db: Db, filter: RosterFilterFields, asOf: string, codes: readonly C[]): Record<C, number> {
  const w = where(filter, asOf);
  const sums = codes.map((_, i) => `coalesce(sum(instr(' ' || c.flag_codes || ' ', @f${i}) > 0), 0) AS f${i}`).join(', ');
  const params = { ...w.params, ...Object.fromEntries(codes.map((code, i) => [`f${i}`, ` ${code} `])) };
  const row = db.prepare(`SELECT ${sums} FROM temp.cohort_status c ${w.sql} AND c.risk_order <= 1`).get(params) as Record<string, number>;
  return Object.fromEntries(codes.map((code, i) => [code, row[`f${i}`]])) as Record<C, number>;
}

/** Students per class and risk level, streamed from cohort_status_by_class in its own order. */
export function riskByClass(db: Db, filter: RosterFilterFields, asOf: string): RiskByClassRow[] {
  const w = where(filter, asOf);
  const groups = db
    .prepare(`SELECT c.grad_year AS gradYear, c.risk_order AS riskOrder, count(*) AS n FROM temp.cohort_status c ${w.sql} GROUP BY c.grad_year, c.risk_order`)
    .all(w.params) as { gradYear: number; riskOrder: number; n: number }[];
  const byClass = new Map<number, RiskByClassRow>();
  const RISK = ['critical', 'high', 'medium', 'low', 'none'] as const;
  for (const g of groups) {
    let row = byClass.get(g.gradYear);
    if (!row) byClass.set(g.gradYear, (row = { gradYear: g.gradYear, students: 0, critical: 0, high: 0, medium: 0, low: 0, none: 0 }));
    row.students += g.n;
    row[RISK[g.riskOrder]] += g.n;
  }
  return [...byClass.values()];
}

/**
 * CK scores grouped by the specialty the target matched (so "Derm" and "Dermatology" are one bar), with
 * the reference score the evaluation used; targets not in the reference table keep their own name.
 */
export function ckBySpecialty(db: Db, filter: RosterFilterFields, asOf: string): Omit<CkBySpecialtyRow, 'referenceSource'>[] {
  const w = where(filter, asOf);
  const rows = db
    .prepare(
      `SELECT min(c.target_group) AS specialty, max(c.target_tier) AS tier, max(c.reference_ck) AS referenceCk,
         count(*) AS students, count(c.ck_score) AS withScore, avg(c.ck_score) AS meanCk,
         min(c.ck_score) AS minCk, max(c.ck_score) AS maxCk, coalesce(sum(c.ck_score < c.reference_ck), 0) AS belowReference
       FROM temp.cohort_status c ${w.sql} AND c.target_group IS NOT NULL
       GROUP BY c.target_group COLLATE NOCASE
       ORDER BY referenceCk IS NULL, referenceCk DESC, specialty`,
    )
    .all(w.params) as (Omit<CkBySpecialtyRow, 'tier' | 'referenceSource'> & { tier: Tier | null })[];
  return rows.map((r) => ({ ...r, meanCk: r.meanCk === null ? null : Math.round(r.meanCk * 10) / 10 }));
}

export interface ClassTimelineCounts {
  students: number;
  noCkDate: number;
  byCkSafeDate: number;
  afterCkSafeDate: number;
}

/** Class years present under the filter. */
export function classesPresent(db: Db, filter: RosterFilterFields, asOf: string): number[] {
  const w = where(filter, asOf);
  return (db.prepare(`SELECT DISTINCT c.grad_year AS gradYear FROM temp.cohort_status c ${w.sql} ORDER BY c.grad_year`).all(w.params) as { gradYear: number }[]).map((r) => r.gradYear);
}

/** One class's CK dates against its CK safe date (given by the caller from the rules), by month. */
export function classTimeline(db: Db, filter: RosterFilterFields, asOf: string, gradYear: number, ckSafeDate: string): { counts: ClassTimelineCounts; months: CkTimelineMonth[] } {
  const w = where({ ...filter, gradYears: [gradYear] }, asOf);
  // Grouped by day in index order (no sort), then folded into months here.
  const days = db
    .prepare(`SELECT c.ck_date AS day, count(*) AS n FROM temp.cohort_status c ${w.sql} GROUP BY c.ck_date`)
    .all(w.params) as { day: string | null; n: number }[];
  const counts: ClassTimelineCounts = { students: 0, noCkDate: 0, byCkSafeDate: 0, afterCkSafeDate: 0 };
  const byMonth = new Map<string, CkTimelineMonth>();
  for (const d of days) {
    counts.students += d.n;
    if (d.day === null) {
      counts.noCkDate += d.n;
      continue;
    }
    const month = d.day.slice(0, 7);
    const m = byMonth.get(month) ?? { month, byCkSafeDate: 0, afterCkSafeDate: 0 };
    if (d.day <= ckSafeDate) (m.byCkSafeDate += d.n), (counts.byCkSafeDate += d.n);
    else (m.afterCkSafeDate += d.n), (counts.afterCkSafeDate += d.n);
    byMonth.set(month, m);
  }
  return { counts, months: [...byMonth.values()] };
}

/**
 * The cohort's practice exams of one kind with a 3-digit score, taken within [from, to], as raw
 * [student ID, day, score] rows. The scan starts from the practice table (CROSS JOIN keeps that
 * order), each row matched to the index by student; with no filter every student is in the
 * cohort, and the match is left out.
 */
export function practiceScores(db: Db, filter: RosterFilterFields, asOf: string, exam: string, from: string, to: string): [string, string, number][] {
  const { clauses, params } = cohortWhere(filter, asOf);
  const practice = 'p.exam = @exam AND p.score IS NOT NULL AND p.taken_on BETWEEN @from AND @to';
  const sql =
    clauses.length === 1
      ? `SELECT p.student_id, p.taken_on, p.score FROM practice_exams p WHERE ${practice}`
      : `SELECT p.student_id, p.taken_on, p.score FROM practice_exams p CROSS JOIN temp.cohort_status c ON c.student_id = p.student_id
         WHERE ${clauses.join(' AND ')} AND ${practice}`;
  return db
    .prepare(sql)
    .raw()
    .all(clauses.length === 1 ? { exam, from, to } : { ...params, exam, from, to }) as [string, string, number][];
}

export interface AtRiskRow {
  studentId: string;
  firstName: string;
  lastName: string;
  gradYear: number;
  advisor: string | null;
  targetSpecialty: string | null;
  risk: RiskLevel;
}

/** Flagged students, most severe first; within a level, those with more flags first, then by name. */
export function atRiskStudents(db: Db, filter: RosterFilterFields, asOf: string, offset: number, limit: number): { total: number; rows: AtRiskRow[] } {
  const w = where(filter, asOf);
  const total = (db.prepare(`SELECT count(*) AS n FROM temp.cohort_status c ${w.sql} AND c.risk_order < 4`).get(w.params) as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT c.student_id AS studentId, c.first_name AS firstName, c.last_name AS lastName, c.grad_year AS gradYear, c.advisor,
         c.target_specialty AS targetSpecialty, ${RISK_OF_ORDER} AS risk
       FROM temp.cohort_status c ${w.sql} AND c.risk_order < 4
       ORDER BY c.risk_order, c.flag_count DESC, c.last_name COLLATE NOCASE, c.first_name COLLATE NOCASE, c.student_id
       LIMIT @limit OFFSET @offset`,
    )
    .all({ ...w.params, limit, offset }) as AtRiskRow[];
  return { total, rows };
}

/** Filters on the students table (follow-ups do not need the evaluation). */
function studentWhere(filter: RosterFilterFields): { sql: string; params: Record<string, unknown> } {
  const { clauses, params } = storedFieldFilters(filter, 's', 's.id');
  // The status on the as-of date (bound by the caller), as the cohort index has it for the counts.
  if (filter.statuses?.length) {
    clauses.push(`${enrolmentStatusSql('s.id')} IN (${filter.statuses.map((_, i) => `@e${i}`).join(', ')})`);
    filter.statuses.forEach((st, i) => (params[`e${i}`] = st));
  }
  return { sql: clauses.map((c) => ` AND ${c}`).join(''), params };
}

/**
 * Notes' follow-ups not marked done and open action items, due by `until`: one whose date has passed
 * stays listed, as overdue, until it is marked done (it never vanishes the day after its date).
 */
export function upcomingFollowUps(db: Db, filter: RosterFilterFields, asOf: string, until: string, limit: number): FollowUp[] {
  const w = studentWhere(filter);
  const rows = db
    .prepare(
      `SELECT * FROM (
         SELECT 'followUp' AS kind, n.follow_up_date AS date, n.student_id AS studentId, s.first_name AS firstName, s.last_name AS lastName,
           substr(n.body, 1, 300) AS text, n.id AS noteId, NULL AS actionItemId
         -- CROSS JOIN: notes first, through their follow-up date index (from the earliest date: overdue
         -- ones stay); left to itself SQLite would scan every student and look up their notes.
         FROM advising_notes n CROSS JOIN students s ON s.id = n.student_id
         WHERE n.follow_up_date BETWEEN '0000-01-01' AND @until AND n.follow_up_done_at IS NULL ${w.sql}
         UNION ALL
         SELECT 'actionItem', a.due_date, n.student_id, s.first_name, s.last_name, a.text, n.id, a.id
         FROM action_items a JOIN advising_notes n ON n.id = a.note_id JOIN students s ON s.id = n.student_id
         WHERE a.done = 0 AND a.due_date IS NOT NULL AND a.due_date <= @until ${w.sql}
       ) ORDER BY date, lastName COLLATE NOCASE, firstName COLLATE NOCASE, noteId, actionItemId
       LIMIT @limit`,
    )
    .all({ ...w.params, asOf, until, limit }) as (Omit<FollowUp, 'name' | 'overdue'> & { firstName: string; lastName: string })[];
  return rows.map(({ firstName, lastName, ...r }) => ({ ...r, name: `${firstName} ${lastName}`, overdue: r.date < asOf }));
}

/** The values the dashboard's filters offer, read from the stored students through their indexes. */
export function dashboardOptions(db: Db): DashboardOptions {
  const col = <T>(sql: string) => (db.prepare(sql).all() as { v: T }[]).map((r) => r.v);
  return {
    gradYears: col<number>('SELECT DISTINCT grad_year AS v FROM students ORDER BY grad_year'),
    advisors: col<string>('SELECT DISTINCT advisor AS v FROM students WHERE advisor IS NOT NULL ORDER BY advisor'),
    // Spellings that differ only in case are one choice, named by the first in byte order (min), not whichever row SQLite met last.
    targetSpecialties: col<string>('SELECT min(target_specialty) AS v FROM students WHERE target_specialty IS NOT NULL GROUP BY target_specialty COLLATE NOCASE ORDER BY v COLLATE NOCASE'),
  };
}

/** The students of the view with a critical or high flag (through the index by risk), for the count of unacknowledged ones. */
export function urgentStudentIds(db: Db, filter: RosterFilterFields, asOf: string): string[] {
  const w = where(filter, asOf);
  return db.prepare(`SELECT c.student_id FROM temp.cohort_status c ${w.sql} AND c.risk_order <= 1`).pluck().all(w.params) as string[];
}
