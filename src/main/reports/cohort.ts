/**
 * The students a report covers, each with what the rules engine concludes about them on the as-of
 * date. The flags come from `evaluateStudent` (src/shared/rules/flags.ts) and nowhere else: a
 * report never decides a flag of its own.
 */
import type { ParsedReportOptions } from '../../shared/api/reports';
import type { Flag, Student } from '../../shared/domain';
import { examStatus, type ExamStatus } from '../../shared/exam-status';
import type { StudentEvaluation } from '../../shared/rules/evaluation';
import type { ReferenceData } from '../../shared/rules/reference';
import type { Db } from '../db/open';
import { loadReferenceData } from '../db/reference';
import { loadCohortSnapshots } from '../db/cohort-snapshots';
import { ruleSettings } from '../../shared/rules/rule-settings';
import { cohortMatcher, evaluateSnapshots, summariseCohort } from '../flags/cohort';
import { studentExamStatus, type StudentExamStatus } from './exam-status';
import { followUpsByStudent, type FollowUp } from './queries';
import { throwIfCancelled, yieldToEventLoop, type WriteControl } from './table';

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
  /** "CK_LATE, STEP1_FAIL": the flag codes, most severe first (At risk and Roster both show them). */
  flagCodes: string;
  /** Dates, attempts and COMLEX detail for the Roster sheet. */
  exams: StudentExamStatus;
  /** The dashboard's own Step 1 and CK groups (src/shared/exam-status.ts), so Summary counts match the dashboard. */
  status: ExamStatus;
  followUp: FollowUp | null;
}

export interface ReportCohort {
  asOf: string;
  ref: ReferenceData;
  students: ReportStudent[];
  /** The At risk sheet's students in the core evaluator's order (most severe first, then Student ID). */
  atRisk: ReportStudent[];
  /** Every student in the database (for de-identification: every name and ID that must not appear). */
  everyone: Student[];
}

/**
 * The report's students, evaluated by the same cohort evaluator as `flags.cohort`, the dashboard and
 * `stepwise flags` (src/main/flags/cohort.ts), with the same filters: one set of flags everywhere.
 */
export async function loadReportCohort(db: Db, options: ParsedReportOptions & { asOf: string }, control: WriteControl = {}): Promise<ReportCohort> {
  const { asOf } = options;
  control.progress?.('Reading the roster', 0, null);
  const ref = loadReferenceData(db);
  // Read as `flags.cohort` reads it (raw rows, no sort; practice exams of the readiness window only,
  // the only ones the rules read): the same flags, for half the reading time of the general loader.
  const everyone = loadCohortSnapshots(db, { practiceTakenBetween: { from: ruleSettings(ref, asOf).practiceFrom, to: asOf } });
  const matches = cohortMatcher({ gradYears: options.classYears, advisor: options.advisor }, ref);
  const chosen = everyone.filter((s) => matches(s.student));
  await yieldToEventLoop();
  throwIfCancelled(control);

  control.progress?.('Evaluating flags', 0, chosen.length);
  const evaluated = evaluateSnapshots(chosen, ref, asOf);
  const followUps = followUpsByStudent(db, asOf);
  const students: ReportStudent[] = evaluated.map(({ snapshot, evaluation }) => ({
    student: snapshot.student,
    evaluation: {
      risk: evaluation.risk,
      flags: evaluation.flags.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
      facts: { step1Deadline: evaluation.facts.step1Deadline, ckSafeDate: evaluation.facts.ckSafeDate, ckScore: evaluation.facts.ckScore, targetSpecialty: evaluation.facts.targetSpecialty },
    },
    flagCodes: evaluation.flags.map((f) => f.code).join(', '),
    exams: studentExamStatus(snapshot, ref, asOf),
    status: examStatus(snapshot, ref, asOf),
    followUp: followUps.get(snapshot.student.id) ?? null,
  }));
  control.progress?.('Evaluating flags', chosen.length, chosen.length);
  await yieldToEventLoop();
  throwIfCancelled(control);

  const byId = new Map(students.map((s) => [s.student.id, s]));
  const atRisk = summariseCohort(evaluated, asOf, options.minSeverity).students.map((row) => byId.get(row.studentId)!);
  return { asOf, ref, students, atRisk, everyone: everyone.map((s) => s.student) };
}
