import type { CohortFilter } from '../../../../shared/api';
import { localToday } from '../../../../shared/domain';
import { rosterViewFromParams } from '../roster/rosterParams';

/** The dashboard's filters from its address (#/?class=2027&asOf=2026-11-26); the as-of date defaults to today. */
export function cohortFilterFromParams(params: URLSearchParams): CohortFilter & { asOf: string } {
  const v = rosterViewFromParams(params);
  return { gradYears: v.gradYears, advisor: v.advisor, applicantType: v.applicantType, targetSpecialty: v.targetSpecialty, asOf: v.asOf ?? localToday() };
}
