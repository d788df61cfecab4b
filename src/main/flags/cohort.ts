/**
 * The flags of a whole cohort: every student's snapshot and the reference data loaded once, then
 * each student evaluated. The at-risk list, the dashboard, the committee report and the CLI all
 * call this, so they show the same flags for the same as-of date.
 */
import type { CohortFlagRow, CohortFlags, FlagsCohortQuery, RiskCounts } from '../../shared/api/flags';
import { enrolmentMatches, localToday, SEVERITY_RANK, type Severity, type StudentSnapshot } from '../../shared/domain';
import type { StudentEvaluation } from '../../shared/rules/evaluation';
import { evaluateStudent } from '../../shared/rules/flags';
import type { ReferenceData } from '../../shared/rules/reference';
import { ruleSettings } from '../../shared/rules/rule-settings';
import { findSpecialty, specialtyKey } from '../../shared/rules/specialties';
import type { Db } from '../db/open';
import type { Store } from '../store/store';
import { readCohortChunks } from '../db/cohort-snapshots';
import { loadReferenceData } from '../db/reference';

export type CohortFilter = Omit<FlagsCohortQuery, 'asOf' | 'minSeverity' | 'statuses'>;

/** Whether a student is in the cohort the filters describe. A target filter matches like the rules do ("Derm" = Dermatology). */
export function cohortMatcher(filter: CohortFilter, ref: ReferenceData): (s: StudentSnapshot['student']) => boolean {
  const years = filter.gradYears?.length ? new Set(filter.gradYears) : null;
  const advisor = filter.advisor?.trim().toLowerCase() || null;
  const targetText = filter.targetSpecialty?.trim() || null;
  const targetRow = targetText ? findSpecialty(ref.specialties, targetText) : null;
  const targetKey = targetText ? specialtyKey(targetText) : null;
  return (s) => {
    if (years && !years.has(s.gradYear)) return false;
    if (advisor && (s.advisor ?? '').trim().toLowerCase() !== advisor) return false;
    if (filter.applicantType && s.applicantType !== filter.applicantType) return false;
    if (targetText) {
      if (!s.targetSpecialty) return false;
      if (targetRow ? findSpecialty(ref.specialties, s.targetSpecialty) !== targetRow : specialtyKey(s.targetSpecialty) !== targetKey) return false;
    }
    return true;
  };
}

export interface CohortEvaluation {
  /** What the rules were given: from cohortFlags, practice exams are those of the readiness window only. */
  snapshot: StudentSnapshot;
  evaluation: StudentEvaluation;
}

/** Evaluates already-loaded students (pure: the benchmark and reports call it on data they hold). */
export function evaluateSnapshots(snapshots: readonly StudentSnapshot[], ref: ReferenceData, asOf: string): CohortEvaluation[] {
  return snapshots.map((snapshot) => ({ snapshot, evaluation: evaluateStudent(snapshot, ref, asOf) }));
}

export function emptyRiskCounts(): RiskCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, none: 0 };
}

function row({ snapshot: { student }, evaluation }: CohortEvaluation): CohortFlagRow {
  return {
    ...evaluation,
    name: `${student.firstName} ${student.lastName}`,
    firstName: student.firstName,
    lastName: student.lastName,
    gradYear: student.gradYear,
    advisor: student.advisor,
    applicantType: student.applicantType,
    targetSpecialty: student.targetSpecialty,
  };
}

/** Most severe first, then by student ID. */
export function compareAtRisk(a: { risk: Severity | null; studentId: string }, b: { risk: Severity | null; studentId: string }): number {
  const bySeverity = (b.risk ? SEVERITY_RANK[b.risk] : 0) - (a.risk ? SEVERITY_RANK[a.risk] : 0);
  return bySeverity !== 0 ? bySeverity : a.studentId < b.studentId ? -1 : a.studentId > b.studentId ? 1 : 0;
}

/** Counts per risk level and the at-risk list, built one evaluated student at a time. */
/** Counts per risk level and the at-risk list, fed one evaluated student at a time. */
export class CohortSummary {
  readonly counts = emptyRiskCounts();
  readonly students: CohortFlagRow[] = [];
  total = 0;
  private readonly floor: number;
  constructor(minSeverity?: Severity) {
    this.floor = minSeverity ? SEVERITY_RANK[minSeverity] : 1;
  }
  add(e: CohortEvaluation): void {
    const risk = e.evaluation.risk;
    this.total++;
    this.counts[risk ?? 'none']++;
    if (risk && SEVERITY_RANK[risk] >= this.floor) this.students.push(row(e));
  }
  result(asOf: string): CohortFlags {
    this.students.sort(compareAtRisk);
    return { asOf, total: this.total, counts: this.counts, students: this.students };
  }
}

/** Summarises evaluated students into the at-risk list and the counts per risk level. */
export function summariseCohort(evaluated: readonly CohortEvaluation[], asOf: string, minSeverity?: Severity): CohortFlags {
  const summary = new CohortSummary(minSeverity);
  for (const e of evaluated) summary.add(e);
  return summary.result(asOf);
}

/**
 * Evaluates and summarises in one pass: an unflagged student's evaluation is dropped at once
 * instead of living until the whole cohort is done (100,000 results held at once cost more in
 * garbage collection than the rules themselves).
 */
export function flagsOfSnapshots(snapshots: readonly StudentSnapshot[], ref: ReferenceData, asOf: string, minSeverity?: Severity): CohortFlags {
  const summary = new CohortSummary(minSeverity);
  for (const snapshot of snapshots) summary.add({ snapshot, evaluation: evaluateStudent(snapshot, ref, asOf) });
  return summary.result(asOf);
}

/**
 * What a cohort query reads and keeps: its date, the students it matches, and the SQL-side filter.
 * Class and applicant type narrow the scan in SQL; advisor and target are matched here, where case
 * folding is Unicode-aware and the target matches like the rules match it. Practice exams outside
 * the readiness window are never read by the rules: not loaded either.
 */
function cohortPlan(ref: ReferenceData, query: FlagsCohortQuery) {
  const asOf = query.asOf ?? localToday();
  const practiceTakenBetween = { from: ruleSettings(ref, asOf).practiceFrom, to: asOf };
  const student = cohortMatcher(query, ref);
  // Archived students are left out in SQL; the status on the date is derived from each one's history.
  const enrolment = { statuses: query.statuses };
  const matches = (s: StudentSnapshot) => student(s.student) && enrolmentMatches(s.enrolment, enrolment, asOf);
  return { asOf, matches, filter: { gradYears: query.gradYears, applicantType: query.applicantType, practiceTakenBetween, archived: false } };
}

/** The at-risk list of the students matching the query, as of its date (default: today). */
export function cohortFlags(db: Db, query: FlagsCohortQuery = {}): CohortFlags {
  const ref = loadReferenceData(db);
  const { asOf, matches, filter } = cohortPlan(ref, query);
  // Read and evaluated a chunk at a time: only the results outlive their chunk (see readCohortChunks).
  const summary = new CohortSummary(query.minSeverity);
  for (const chunk of readCohortChunks(db, filter)) for (const snapshot of chunk) if (matches(snapshot)) summary.add({ snapshot, evaluation: evaluateStudent(snapshot, ref, asOf) });
  return summary.result(asOf);
}

/**
 * `cohortFlags` through the storage seam: the same flags from any engine's store (an office
 * database included), read and evaluated a chunk at a time.
 */
export async function cohortFlagsFrom(store: Store, query: FlagsCohortQuery = {}): Promise<CohortFlags> {
  const ref = await store.referenceData();
  const { asOf, matches, filter } = cohortPlan(ref, query);
  const summary = new CohortSummary(query.minSeverity);
  for await (const chunk of store.readCohort(filter)) for (const snapshot of chunk) if (matches(snapshot)) summary.add({ snapshot, evaluation: evaluateStudent(snapshot, ref, asOf) });
  return summary.result(asOf);
}
