import { z } from 'zod';
import { ApplicantType, EnrolmentStatus, ExamAttemptInput, FlagCode, IsoDate, PracticeExamCode, PracticeExamInput, Student, StudentPatch, type Enrolment, type ExamAttempt, type PracticeExam, type RiskLevel } from '../domain';
import { CK_STATUSES, STEP1_GROUPS, type CkStatus, type Step1Status } from '../exam-status';
import { endpoint } from './contract';
import { RISK_BUCKETS } from './dashboard';

export type { Step1Status, CkStatus } from '../exam-status';

/** Sorting by step1, ckScore, ckDate or risk reads the cohort evaluation for the as-of date. */
export const ROSTER_SORT_KEYS = ['id', 'name', 'gradYear', 'applicantType', 'targetSpecialty', 'advisor', 'risk', 'step1', 'ckScore', 'ckDate'] as const;

/** What a roster view shows: the filters an advisor sets (and saves by name), without paging. */
export const RosterFilter = z.object({
  search: z.string().max(200).optional(),
  gradYears: z.array(z.number().int()).max(50).optional(),
  advisor: z.string().max(200).optional(),
  applicantType: ApplicantType.optional(),
  targetSpecialty: z.string().max(200).optional(),
  /** Risk levels to keep; 'none' = students without flags. */
  risk: z.array(z.enum(RISK_BUCKETS)).max(5).optional(),
  step1: z.enum(STEP1_GROUPS).optional(),
  ck: z.enum(CK_STATUSES).optional(),
  /** Students who carry this flag. */
  flag: FlagCode.optional(),
  /**
   * The narrower views a dashboard chart opens, so each bar or point lists exactly the students it
   * counts: a Step 2 CK score reported (CK by specialty), the CK date the roster shows within a window
   * or missing (CK timeline), a scored practice exam taken within a window (practice trend).
   */
  hasCkScore: z.boolean().optional(),
  ckFrom: IsoDate.optional(),
  ckTo: IsoDate.optional(),
  noCkDate: z.boolean().optional(),
  practice: z.object({ exam: PracticeExamCode, from: IsoDate, to: IsoDate }).optional(),
  /** Enrolment statuses on the as-of date to keep (omitted: every status). */
  statuses: z.array(EnrolmentStatus).min(1).max(5).optional(),
  /** true: the archived students only; otherwise archived students are not listed (migration 0007). */
  archived: z.boolean().optional(),
  /** Evaluation date for risk and exam status; default: today. */
  asOf: IsoDate.optional(),
  sort: z.enum(ROSTER_SORT_KEYS).default('name'),
  direction: z.enum(['asc', 'desc']).default('asc'),
});
export type RosterFilter = z.input<typeof RosterFilter>;

export const RosterQuery = RosterFilter.extend({
  offset: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(1000).default(100),
});
export type RosterQuery = z.input<typeof RosterQuery>;
export type ParsedRosterQuery = z.output<typeof RosterQuery>;

export interface RosterRow {
  id: string;
  firstName: string;
  lastName: string;
  gradYear: number;
  applicantType: Student['applicantType'];
  targetSpecialty: string | null;
  advisor: string | null;
  step1: Step1Status;
  ck: CkStatus;
  ckScore: number | null;
  ckDate: string | null;
  risk: RiskLevel | null;
  /** Most severe first. */
  flags: FlagCode[];
  /** Enrolment status on the as-of date. */
  enrolment: EnrolmentStatus;
  archived: boolean;
}

export interface RosterPage {
  total: number;
  offset: number;
  asOf: string;
  rows: RosterRow[];
}

export interface StudentDetail {
  student: Student;
  attempts: ExamAttempt[];
  practice: PracticeExam[];
  /** Enrolment status history and archive (migration 0007). */
  enrolment: Enrolment;
  /** The student row's version: a save names it, and is refused if someone saved in between. */
  version: number;
}

/**
 * The detail of a CONFLICT from `students.update`: the row moved on since the version the person
 * read (someone else saved), so nothing was written. Both values of every field the save would
 * have changed, and who changed the record last, and when.
 */
export interface StaleSaveDetail {
  changedBy: string | null;
  changedAt: string | null;
  version: number;
  fields: { field: string; yours: unknown; theirs: unknown }[];
}

const StudentId = z.object({ id: z.string().trim().min(1).max(64) });
const RowId = z.object({ id: z.number().int().positive() });

export const studentsApi = {
  'students.list': endpoint<RosterPage>()(RosterQuery),
  'students.get': endpoint<StudentDetail>()(StudentId),
  /** A student added by hand (roster page): the whole record, validated as stored; an ID already taken is refused. */
  'students.add': endpoint<StudentDetail>()(Student),
  'students.update': endpoint<StudentDetail>()(
    // version: the one the person read (StudentDetail.version); a save without one overwrites (scripts, the CLI).
    z.object({ id: z.string().trim().min(1).max(64), patch: StudentPatch, version: z.number().int().positive().optional() }),
  ),
  'attempts.add': endpoint<StudentDetail>()(ExamAttemptInput),
  'attempts.update': endpoint<StudentDetail>()(z.object({ id: z.number().int().positive(), attempt: ExamAttemptInput })),
  'attempts.remove': endpoint<StudentDetail>()(RowId),
  'practice.add': endpoint<StudentDetail>()(PracticeExamInput),
  'practice.update': endpoint<StudentDetail>()(z.object({ id: z.number().int().positive(), practice: PracticeExamInput })),
  'practice.remove': endpoint<StudentDetail>()(RowId),
};
