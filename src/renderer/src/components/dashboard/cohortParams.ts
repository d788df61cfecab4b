import type { CohortFilter } from '../../../../shared/api';
import { ENROLLED_STATUSES, localToday } from '../../../../shared/domain';
import { rosterViewFromParams } from '../roster/rosterParams';

/**
 * The dashboard's filters from its address (#/?class=2027&asOf=2026-11-26); the as-of date defaults to
 * today, the enrolment statuses to the enrolled ones (active, leave of absence, extended: they still
 * take exams). The statuses travel to the roster with every link, so a count and its list agree.
 */
export function cohortFilterFromParams(params: URLSearchParams): CohortFilter & { asOf: string; statuses: NonNullable<CohortFilter['statuses']> } {
  const v = rosterViewFromParams(params);
  return {
    gradYears: v.gradYears,
    advisor: v.advisor,
    applicantType: v.applicantType,
    targetSpecialty: v.targetSpecialty,
    statuses: v.statuses ?? [...ENROLLED_STATUSES],
    asOf: v.asOf ?? localToday(),
  };
}

/** True when the statuses are the dashboard's default (left out of its address). */
export function isDefaultStatuses(statuses: readonly string[] | undefined): boolean {
  return !statuses || (statuses.length === ENROLLED_STATUSES.length && ENROLLED_STATUSES.every((s) => statuses.includes(s)));
}
