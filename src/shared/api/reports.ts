import { z } from 'zod';
import { EnrolmentStatus, IsoDate, Severity, type ExamCode, type Outcome, type PracticeExam, type Student } from '../domain';
import type { StudentEvaluation } from '../rules/evaluation';
import { endpoint } from './contract';
import type { PracticeLines } from './student-page';

/**
 * Reports (PRODUCT.md "Reports"): the committee workbook and the one-page student summary. The
 * workbook's options are one schema for the app, the CLI and the web host, so `stepwise report`
 * and the Reports page cannot drift apart.
 */
export const ReportOptions = z.object({
  /** The evaluation date of every flag in the report; default: the local date. */
  asOf: IsoDate.optional(),
  /** Limit every sheet to these graduation years (empty = every class). */
  classYears: z.array(z.number().int().min(1950).max(2100)).max(50).default([]),
  /** Limit every sheet to one advisor's students (exact name, as stored). */
  advisor: z.string().trim().min(1).max(200).optional(),
  /** The `At risk` sheet lists students whose risk is at least this severe. */
  minSeverity: Severity.default('low'),
  /** Names, emails and Student IDs replaced by stable pseudonyms; free text left out. */
  deidentify: z.boolean().default(false),
  /**
   * The students a report covers by their enrolment status on the as-of date: active students unless
   * asked (every title row says which); archived students are never in a report.
   */
  statuses: z.array(EnrolmentStatus).min(1, 'choose at least one enrolment status').max(5).default(['active']),
});
export type ReportOptions = z.input<typeof ReportOptions>;
export type ParsedReportOptions = z.output<typeof ReportOptions>;

export const CommitteeReportInput = ReportOptions.extend({
  /** Correlates progress events with the page that asked for the report. */
  jobId: z.string().trim().min(1).max(100).optional(),
});

/**
 * The phases a committee report reports progress in (the main process names them, the Reports page
 * turns them into one bar), with each phase's rough share of the time, measured at 100,000 students.
 */
export const REPORT_PHASES = [
  ['Reading the roster', 11],
  // The Roster comes first: its students are evaluated as its rows are written.
  ['Writing Roster', 51],
  ['Writing Summary', 1],
  ['Writing At risk', 15],
  ['Writing By specialty', 1],
  ['Writing Outcomes', 1],
  ['Writing Sources', 1],
  ['Finishing the file', 17],
] as const;
export type ReportPhase = (typeof REPORT_PHASES)[number][0];

/** How far a report is, from 0 to 1, given its latest progress event. */
export function reportProgress(phase: string, done: number, total: number | null): number {
  const all = REPORT_PHASES.reduce((n, [, w]) => n + w, 0);
  let before = 0;
  for (const [name, weight] of REPORT_PHASES) {
    if (name === phase) return Math.min(1, (before + weight * (total ? Math.min(1, done / total) : 0)) / all);
    before += weight;
  }
  return 0;
}

/** What went into a workbook, for the page and the CLI to say. */
export interface CommitteeReportCounts {
  asOf: string;
  students: number;
  flagged: number;
  /** Rows of the `At risk` sheet (students at or above the minimum severity). */
  atRisk: number;
  classYears: number[];
  deidentified: boolean;
  /** The enrolment statuses covered (ReportOptions.statuses). */
  statuses: EnrolmentStatus[];
}

export interface CommitteeReport {
  /** A suggested file name, e.g. `stepwise-committee-2026-11-26.xlsx`. */
  fileName: string;
  bytes: Uint8Array;
  counts: CommitteeReportCounts;
}

/** The values the Reports page offers in its pickers. */
export interface ReportChoices {
  classYears: number[];
  advisors: string[];
  today: string;
  /** The school named in every sheet's title row (Settings preference office.schoolName), or null. */
  schoolName: string | null;
}

/** Blank clears it. */
export const SchoolNameInput = z.object({ schoolName: z.string().trim().max(200, 'at most 200 characters') });

/** One exam attempt as the summary shows it: the recorded facts and how the rules read it on the as-of date. */
export interface SummaryAttempt {
  exam: ExamCode;
  testDate: string | null;
  outcome: Outcome | null;
  score: number | null;
  /** passed / failed / incomplete / awaiting result / scheduled / cannot tell. */
  standing: string;
}

export interface SummaryActionItem {
  text: string;
  dueDate: string | null;
  overdue: boolean;
  /** When the note that set it was written. */
  noteDate: string;
}

export interface SummaryNote {
  createdAt: string;
  author: string;
  body: string;
  followUpDate: string | null;
}

/** Everything the one-page summary prints for a planning session. */
export interface StudentSummary {
  asOf: string;
  generatedAt: string;
  student: Student;
  applicantTypeLabel: string | null;
  evaluation: StudentEvaluation;
  /** Most recent first, at most `SUMMARY_LIMITS.attempts`; `attemptsOmitted` says how many older ones are not shown. */
  attempts: SummaryAttempt[];
  attemptsOmitted: number;
  /** Oldest first, for the trend chart: the most recent `SUMMARY_LIMITS.practice`. */
  practice: PracticeExam[];
  practiceOmitted: number;
  /** The practice chart's lines, the same the student page's chart draws (src/shared/practice-lines.ts). */
  lines: Omit<PracticeLines, 'exams'>;
  openActionItems: SummaryActionItem[];
  actionItemsOmitted: number;
  latestNote: SummaryNote | null;
  nextFollowUp: string | null;
  /** The enrolment status on the as-of date (a leave's dates with it), and when the student was archived, if they are. */
  enrolment: { status: EnrolmentStatus; since: string | null; until: string | null; archivedAt: string | null };
}

/** How much one printed page holds; the rest is counted, never silently dropped. */
export const SUMMARY_LIMITS = { attempts: 8, practice: 12, actionItems: 6, noteChars: 600 } as const;

export const reportsApi = {
  'reports.committee': endpoint<CommitteeReport>()(CommitteeReportInput),
  /** Stops a running committee report between rows; it then answers CANCELLED and nothing is saved. */
  'reports.cancel': endpoint<{ cancelled: boolean }>()(z.object({ jobId: z.string().trim().min(1).max(100) })),
  'reports.choices': endpoint<ReportChoices>()(z.object({})),
  'reports.studentSummary': endpoint<StudentSummary>()(z.object({ id: z.string().trim().min(1).max(64), asOf: IsoDate.optional() })),
  /** A new random key for the pseudonyms of de-identified reports: every later pseudonym changes. The key itself never leaves the main process. */
  'reports.replacePseudonymKey': endpoint<{ replacedAt: string }>()(z.object({})),
  'reports.setSchoolName': endpoint<{ schoolName: string | null }>()(SchoolNameInput),
};
