/**
 * The flags of a whole cohort: every student's snapshot and the reference data loaded once, then
 * each student evaluated. The at-risk list, the dashboard, the committee report and the CLI all
 * call this, so they show the same flags for the same as-of date.
 */
import type { CohortFlagRow, CohortFlags, FlagsCohortQuery, RiskCounts } from '../../shared/api/flags';
import { localToday, SEVERITY_RANK, type Severity, type StudentSnapshot } from '../../shared/domain';
import type { StudentEvaluation } from '../../shared/rules/evaluation';
import { evaluateStudent } from '../../shared/rules/flags';
import type { ReferenceData } from '../../shared/rules/reference';
import { findSpecialty, specialtyKey } from '../../shared/rules/specialties';
import type { Db } from '../db/open';
import { loadReferenceData } from '../db/reference';
import { loadAllSnapshots } from '../db/students';

export type CohortFilter = Omit<FlagsCohortQuery, 'asOf' | 'minSeverity'>;

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

/** Summarises evaluated students into the at-risk list and the counts per risk level. */
export function summariseCohort(evaluated: readonly CohortEvaluation[], asOf: string, minSeverity?: Severity): CohortFlags {
  const counts = emptyRiskCounts();
  const floor = minSeverity ? SEVERITY_RANK[minSeverity] : 1;
  const students: CohortFlagRow[] = [];
  for (const e of evaluated) {
    const risk = e.evaluation.risk;
    counts[risk ?? 'none']++;
    if (risk && SEVERITY_RANK[risk] >= floor) students.push(row(e));
  }
  students.sort(compareAtRisk);
  return { asOf, total: evaluated.length, counts, students };
}

/** The at-risk list of the students matching the query, as of its date (default: today). */
export function cohortFlags(db: Db, query: FlagsCohortQuery = {}): CohortFlags {
  const asOf = query.asOf ?? localToday();
  const ref = loadReferenceData(db);
  const matches = cohortMatcher(query, ref);
  const snapshots = loadAllSnapshots(db).filter((s) => matches(s.student));
  return summariseCohort(evaluateSnapshots(snapshots, ref, asOf), asOf, query.minSeverity);
}
