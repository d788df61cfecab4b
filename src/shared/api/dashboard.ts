import { z } from 'zod';
import { ApplicantType, EnrolmentStatus, IsoDate, PracticeExamCode, type Flag, type RiskLevel, type Tier } from '../domain';
import { endpoint } from './contract';

/**
 * The cohort dashboard (PRODUCT.md "Screens"). Every number is aggregated in SQLite over the core's
 * cohort evaluation for one as-of date; the renderer only draws it.
 */

/** Which students a dashboard view covers; the same fields travel to the roster as URL parameters. */
export const CohortFilter = z.object({
  gradYears: z.array(z.number().int().min(1950).max(2100)).max(50).optional(),
  advisor: z.string().trim().min(1).max(200).optional(),
  applicantType: ApplicantType.optional(),
  targetSpecialty: z.string().trim().min(1).max(200).optional(),
  /**
   * Enrolment statuses on the as-of date to count (omitted: every status). The page starts with the
   * enrolled ones (active, leave of absence, extended); archived students are never counted.
   */
  statuses: z.array(EnrolmentStatus).min(1).max(5).optional(),
  /** Evaluation date; default: today in the machine's time zone. */
  asOf: IsoDate.optional(),
});
export type CohortFilter = z.input<typeof CohortFilter>;

export const RISK_BUCKETS = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type RiskBucket = (typeof RISK_BUCKETS)[number];

/** The failure flags the count cards add, as history: a student who failed and passed since is still counted. */
export const EVER_FAILED_FLAGS = ['STEP1_FAIL', 'COMLEX1_FAIL', 'CK_FAIL', 'COMLEX2_FAIL'] as const;
export type EverFailedFlag = (typeof EVER_FAILED_FLAGS)[number];

export interface DashboardCounts {
  asOf: string;
  students: number;
  /** Where each student stands now: every student in exactly one group ('failed' = an unsuccessful attempt and no pass yet). */
  step1: { passed: number; failed: number; notYet: number };
  /** Students who carry each failure flag: failed at least once, whether or not they have passed since. */
  everFailed: Record<EverFailedFlag, number>;
  ck: { reported: number; scheduled: number; notScheduled: number };
  risk: Record<RiskBucket, number>;
  /** Critical and high flags nobody has acknowledged (or whose acknowledgement lapsed), and the students carrying them (RULES.md §4). */
  unacknowledged: { flags: number; students: number };
}

export interface CkBySpecialtyRow {
  /** The reference table's name when the target matched a specialty, else the target as recorded. */
  specialty: string;
  tier: Tier | null;
  /** From the core's evaluation (null: target not in the reference table). */
  referenceCk: number | null;
  referenceSource: string | null;
  students: number;
  /** Students with a Step 2 CK score out. */
  withScore: number;
  meanCk: number | null;
  minCk: number | null;
  maxCk: number | null;
  belowReference: number;
}

export interface CkTimelineMonth {
  /** YYYY-MM */
  month: string;
  /** CK dates (taken, awaited or booked) on or before the class's CK safe date. */
  byCkSafeDate: number;
  afterCkSafeDate: number;
}

export interface CkTimeline {
  gradYear: number | null;
  ckSafeDate: string | null;
  reviewDate: string | null;
  months: CkTimelineMonth[];
  students: number;
  byCkSafeDate: number;
  afterCkSafeDate: number;
  noCkDate: number;
  /** Class years the chart can show (the filter's, or every class in the data). */
  gradYears: number[];
}

export interface PracticeTrendMonth {
  /** YYYY-MM */
  month: string;
  /** Practice exams with a 3-digit score taken that month (pass-probability-only forms are not averaged). */
  exams: number;
  students: number;
  meanScore: number | null;
  /** Scores under the exam's passing score in force on the day each was taken. */
  belowPass: number;
}

export interface PracticeTrend {
  exam: PracticeExamCode;
  /** First and last day covered (whole months, ending with the as-of date). */
  from: string;
  to: string;
  /** The pass standard in force on the as-of date, with its source, for the chart's reference line. */
  passingScore: number | null;
  passingSource: string | null;
  months: PracticeTrendMonth[];
  exams: number;
  students: number;
  belowPass: number;
}

export interface RiskByClassRow extends Record<RiskBucket, number> {
  gradYear: number;
  students: number;
}

export interface AtRiskStudent {
  studentId: string;
  name: string;
  gradYear: number;
  advisor: string | null;
  targetSpecialty: string | null;
  risk: RiskLevel;
  flags: Flag[];
}

export interface AtRiskPage {
  asOf: string;
  total: number;
  rows: AtRiskStudent[];
}

export const FOLLOW_UP_KINDS = ['followUp', 'actionItem'] as const;
export interface FollowUp {
  kind: (typeof FOLLOW_UP_KINDS)[number];
  date: string;
  overdue: boolean;
  studentId: string;
  name: string;
  text: string;
  noteId: number;
  actionItemId: number | null;
}

export interface DashboardOptions {
  gradYears: number[];
  advisors: string[];
  targetSpecialties: string[];
}

export const FollowUpQuery = CohortFilter.extend({
  /** How far ahead to look from the as-of date. Follow-ups and action items already due stay listed as overdue until marked done. */
  days: z.number().int().min(1).max(366).default(30),
  limit: z.number().int().min(1).max(500).default(50),
});

export const AtRiskQuery = CohortFilter.extend({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(500).default(50),
});

export const CkTimelineQuery = CohortFilter.extend({ gradYear: z.number().int().min(1950).max(2100).optional() });

export const PracticeTrendQuery = CohortFilter.extend({
  exam: PracticeExamCode.default('STEP2CK'),
  /** Months shown, the as-of date's month last. */
  months: z.number().int().min(3).max(36).default(12),
});

export const dashboardApi = {
  'dashboard.options': endpoint<DashboardOptions>()(z.object({})),
  'dashboard.counts': endpoint<DashboardCounts>()(CohortFilter),
  'dashboard.ckBySpecialty': endpoint<CkBySpecialtyRow[]>()(CohortFilter),
  'dashboard.ckTimeline': endpoint<CkTimeline>()(CkTimelineQuery),
  'dashboard.riskByClass': endpoint<RiskByClassRow[]>()(CohortFilter),
  'dashboard.practiceTrend': endpoint<PracticeTrend>()(PracticeTrendQuery),
  'dashboard.atRisk': endpoint<AtRiskPage>()(AtRiskQuery),
  'dashboard.followUps': endpoint<FollowUp[]>()(FollowUpQuery),
};
