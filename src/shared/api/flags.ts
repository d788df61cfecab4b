import { z } from 'zod';
import { ApplicantType, EnrolmentStatus, IsoDate, Severity, type Student } from '../domain';
import type { StudentEvaluation } from '../rules/evaluation';
import { endpoint } from './contract';

/** Which students the at-risk list covers; every filter is optional. */
export const FlagsCohortQuery = z.object({
  /** Evaluate as of this date (default: today on the machine running the core). */
  asOf: IsoDate.optional(),
  gradYears: z.array(z.number().int().min(1950).max(2100)).max(50).optional(),
  advisor: z.string().trim().max(200).optional(),
  applicantType: ApplicantType.optional(),
  /** Matched like the rules match it: "Derm" finds students targeting Dermatology. */
  targetSpecialty: z.string().trim().max(200).optional(),
  /** Only list students whose risk is at least this severe (the counts still cover everyone matching). */
  minSeverity: Severity.optional(),
  /** Students whose enrolment status on the as-of date is one of these (omitted: every status). Archived students are never listed. */
  statuses: z.array(EnrolmentStatus).min(1).max(5).optional(),
});
export type FlagsCohortQuery = z.input<typeof FlagsCohortQuery>;

/** One flagged student in the at-risk list: the evaluation plus what a list shows about the student. */
export interface CohortFlagRow extends StudentEvaluation {
  /** "First Last". */
  name: string;
  firstName: string;
  lastName: string;
  gradYear: number;
  advisor: string | null;
  applicantType: Student['applicantType'];
  targetSpecialty: string | null;
}

export type RiskCounts = Record<Severity | 'none', number>;

export interface CohortFlags {
  asOf: string;
  /** Students matching the filters (flagged or not). */
  total: number;
  /** Students per risk level over every matching student; 'none' = no flags. */
  counts: RiskCounts;
  /** Flagged students (at or above minSeverity), most severe first, then by student ID. */
  students: CohortFlagRow[];
}

export const flagsApi = {
  'flags.cohort': endpoint<CohortFlags>()(FlagsCohortQuery),
  'flags.student': endpoint<StudentEvaluation>()(z.object({ id: z.string().trim().min(1).max(64), asOf: IsoDate.optional() })),
};
