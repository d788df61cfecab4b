/**
 * The students a report covers, each with what the rules engine concludes about them on the as-of
 * date. The flags come from `evaluateStudent` (src/shared/rules/flags.ts) and nowhere else: a
 * report never decides a flag of its own.
 */
import type { ParsedReportOptions } from '../../shared/api/reports';
import { ApiError } from '../../shared/api/contract';
import type { Flag, FlagAcknowledgement, Student, StudentSnapshot } from '../../shared/domain';
import { examStatus, type ExamStatus } from '../../shared/exam-status';
import { flagTitle } from '../../shared/rules/catalogue';
import type { StudentEvaluation } from '../../shared/rules/evaluation';
import type { ReferenceData } from '../../shared/rules/reference';
import type { Db } from '../db/open';
import { loadReferenceData } from '../db/reference';
import { examHistoryByStudent, loadStudentsByName, withExamHistory, type ExamHistory } from '../db/cohort-snapshots';
import { acknowledgementsByStudent } from '../db/acknowledgements';
import { acknowledgementDays, isHeld, withAcknowledgements } from '../../shared/rules/acknowledgement';
import { ruleSettings } from '../../shared/rules/rule-settings';
import { cohortMatcher } from '../flags/cohort';
import { enrolmentByStudent } from '../db/enrolment';
import { describeEnrolmentFilter, enrolmentMatches } from '../../shared/domain/enrolment';
import { studentExamStatus, type StudentExamStatus } from './exam-status';
import { followUpsByStudent, type FollowUp } from './queries';

/** What the sheets read of the rules' conclusions (the actions and the other timeline facts stay with the rules). */
export interface ReportEvaluation {
  risk: StudentEvaluation['risk'];
  flags: Pick<Flag, 'code' | 'severity' | 'message'>[];
  facts: Pick<StudentEvaluation['facts'], 'step1Deadline' | 'ckSafeDate' | 'ckScore' | 'targetSpecialty'>;
}

/**
 * One student as the sheets need them. Attempts and practice exams are not kept: once the rules and
 * the exam status have read them they are dead weight, and at 100,000 students every megabyte kept
 * alive while the workbook streams is garbage-collector time.
 */
export interface ReportStudent {
  student: Student;
  evaluation: ReportEvaluation;
  /**
   * The flags by their titles, most severe first, one a line (At risk and Roster both show them):
   * a committee reads "Step 1 failure", not STEP1_FAIL.
   */
  flagTitles: string;
  /** Dates, attempts and COMLEX detail for the Roster sheet. */
  exams: StudentExamStatus;
  /** The dashboard's own Step 1 and CK groups (src/shared/exam-status.ts), so Summary counts match the dashboard. */
  status: ExamStatus;
  followUp: FollowUp | null;
  /**
   * The flags an advisor acknowledged and whose acknowledgement still holds on the as-of date (RULES.md,
   * "Acknowledged flags"), one a line with who, when, until when and why; null when none.
   */
  acknowledged: string | null;
}

/** What the report reads before it evaluates anyone. */
export interface ReportCohort {
  asOf: string;
  ref: ReferenceData;
  /** The students the report covers, in the Roster screen's name order, without their exam history yet. */
  chosen: Student[];
  /** Every student in the database (for de-identification: every name and ID that must not appear). */
  everyone: Student[];
  followUps: Map<string, FollowUp>;
  /** The practice exams the rules read: those of the readiness window only. */
  practiceWindow: { from: string; to: string };
  /** Every acknowledgement, by student, and how many days one holds (`flags.acknowledgementDays`). */
  acknowledgements: Map<string, FlagAcknowledgement[]>;
  acknowledgementDays: number;
}

/**
 * The report's students, chosen with the same filter as `flags.cohort` (src/main/flags/cohort.ts):
 * one set of students and flags everywhere. Their exam history is read a slice at a time
 * (`historyInSlices`), so the first Roster rows can be written before the last students are read.
 */
export function readReportCohort(db: Db, options: ParsedReportOptions & { asOf: string }, students?: Student[]): ReportCohort {
  const { asOf } = options;
  const ref = loadReferenceData(db);
  // Every student by name: from the file, or as read elsewhere in the same order (db/report-records.ts).
  const everyone = students ?? loadStudentsByName(db);
  const matches = cohortMatcher({ gradYears: options.classYears, advisor: options.advisor }, ref);
  // Active students unless the options say otherwise; archived students never (migration 0007).
  const enrolment = enrolmentByStudent(db);
  const chosen = everyone.filter((s) => matches(s) && enrolmentMatches(enrolment.get(s.id), { statuses: options.statuses }, asOf));
  if (chosen.length === 0) {
    if (everyone.length === 0) throw new ApiError('REJECTED', 'The database holds no students; no report was written.');
    const filters = [options.classYears.length ? `class ${options.classYears.join(', ')}` : null, options.advisor ? `advisor "${options.advisor}"` : null].filter(Boolean).join(' and ');
    const who = describeEnrolmentFilter({ statuses: options.statuses });
    throw new ApiError('REJECTED', `No ${who}${filters ? ` match ${filters}` : ` among the ${everyone.length} in the database`}; no report was written (archived students are never reported).`);
  }
  return {
    asOf,
    ref,
    chosen,
    everyone,
    followUps: followUpsByStudent(db, asOf),
    practiceWindow: { from: ruleSettings(ref, asOf).practiceFrom, to: asOf },
    acknowledgements: acknowledgementsByStudent(db),
    acknowledgementDays: acknowledgementDays(ref, asOf),
  };
}

/** Every chosen student's exam history read now, in one go; then handed out a slice at a time. */
export function historyReadAhead(db: Db, cohort: ReportCohort): (students: readonly Student[]) => StudentSnapshot[] {
  return historyGiven(examHistoryByStudent(db, cohort.practiceWindow));
}

/** Exam histories already read (of the report's practice window), handed out a slice at a time. */
export function historyGiven(byId: ExamHistory): (students: readonly Student[]) => StudentSnapshot[] {
  return (students) =>
    students.map((student) => {
      const h = byId.get(student.id);
      return { student, attempts: h?.attempts ?? [], practice: h?.practice ?? [] };
    });
}

/** Each slice's exam history read when it is asked for (attempts; practice exams of the readiness window), as `flags.cohort` reads it. */
export function historyInSlices(db: Db, cohort: ReportCohort): (students: readonly Student[]) => StudentSnapshot[] {
  return (students) => withExamHistory(db, students, cohort.practiceWindow);
}

/**
 * One student as the sheets need them, with the flags of `evaluateStudent` (src/shared/rules/flags.ts)
 * and nothing else: a report never decides a flag of its own.
 */
export function reportStudent(snapshot: StudentSnapshot, evaluation: StudentEvaluation, cohort: ReportCohort): ReportStudent {
  const { ref, asOf } = cohort;
  return {
    student: snapshot.student,
    evaluation: {
      risk: evaluation.risk,
      flags: evaluation.flags.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
      facts: { step1Deadline: evaluation.facts.step1Deadline, ckSafeDate: evaluation.facts.ckSafeDate, ckScore: evaluation.facts.ckScore, targetSpecialty: evaluation.facts.targetSpecialty },
    },
    flagTitles: evaluation.flags.map((f) => flagTitle(f.code)).join('\n'),
    exams: studentExamStatus(snapshot, ref, asOf),
    status: examStatus(snapshot, ref, asOf),
    followUp: cohort.followUps.get(snapshot.student.id) ?? null,
    acknowledged: acknowledgedText(evaluation, cohort),
  };
}

/** "Step 1 failure: acknowledged by Dr. Adams on 2026-11-20, holds until 2027-02-17: <note>", for each flag still acknowledged. */
function acknowledgedText(evaluation: StudentEvaluation, cohort: ReportCohort): string | null {
  const acks = cohort.acknowledgements.get(evaluation.studentId);
  if (!acks?.length) return null;
  const lines = withAcknowledgements(evaluation.flags, acks, cohort.asOf, cohort.acknowledgementDays)
    .filter(isHeld)
    .map((f) => {
      const a = f.acknowledgement!;
      const until = a.standing.state === 'held' ? `, holds until ${a.standing.until}` : '';
      return `${flagTitle(f.code)}: acknowledged by ${a.acknowledgedBy} on ${a.acknowledgedOn}${until}: ${a.note}`;
    });
  return lines.length ? lines.join('\n') : null;
}
