/**
 * Where a student stands on each exam, in the words a roster column uses. The reading of every
 * attempt (a score judged against the standard in force on its date, a past SCHEDULED exam counted
 * as awaiting its result…) is the rules engine's own (`judgeAttempt`, `examRecord`): nothing here
 * decides a pass or a failure.
 */
import type { ExamCode, StudentSnapshot } from '../../shared/domain';
import type { ReferenceData } from '../../shared/rules/reference';
import { byTestDate, examRecord, judgeAttempt, type ExamRecord, type JudgedAttempt } from '../../shared/rules/standing';

/**
 * Same precedence as the Roster screen's Step 1 column: passed, else failed, else awaiting a result,
 * else booked, else not yet.
 */
export type ExamStatusText = 'Passed' | 'Failed' | 'Pending result' | 'Scheduled' | 'Not yet';

export interface ExamStatus {
  status: ExamStatusText;
  /** The date the status is about: the pass, the latest failure, the exam awaiting its result, the booked exam. */
  date: string | null;
  /** The score that goes with it (best passing score once passed, else the latest score), if the exam has scores. */
  score: number | null;
  /** Attempts sat (passed, failed, incomplete, awaiting, unjudged); a booked exam is not an attempt yet. */
  attempts: number;
  /** The next booked date while not passed (a retake after a failure, say). */
  booked: string | null;
  /** True when the student has any attempt at all for this exam (booked included). */
  any: boolean;
}

export interface StudentExamStatus {
  /**
   * Step 1; for a US DO student a COMLEX Level 1 pass counts too (RULES.md §2, as on the Roster
   * screen). Its `attempts` count USMLE Step 1 attempts only: COMLEX attempts have their own columns.
   */
  step1: ExamStatus;
  /** USMLE Step 2 CK alone (COMLEX Level 2-CE has its own columns). */
  ck: ExamStatus;
  comlex1: ExamStatus;
  comlex2ce: ExamStatus;
}

function latest(xs: readonly JudgedAttempt[]): JudgedAttempt | null {
  return xs.length ? xs[xs.length - 1] : null;
}

export function examStatus(rec: ExamRecord): ExamStatus {
  const attempts = rec.attempts.filter((j) => j.standing !== 'scheduled').length;
  const booked = rec.pass ? null : (rec.upcoming[0]?.date ?? null);
  // Every ExamStatus is built here, keys in one order: one object shape for every roster cell read.
  const status = (text: ExamStatusText, date: string | null, score: number | null): ExamStatus => ({ status: text, date, score, attempts, booked, any: rec.attempts.length > 0 });
  if (rec.pass) {
    const passing = rec.attempts.filter((j) => j.standing === 'passed' && j.score !== null).map((j) => j.score!);
    return status('Passed', rec.pass.date, passing.length ? Math.max(...passing) : null);
  }
  const failed = latest(rec.unsuccessful);
  if (failed) return status('Failed', failed.date, failed.score);
  const awaiting = latest(rec.awaiting);
  if (awaiting) return status('Pending result', awaiting.date, awaiting.score);
  const next = rec.upcoming[0];
  if (next) return status('Scheduled', next.date, null);
  const scored = latest(rec.unjudged);
  return status('Not yet', scored?.date ?? null, scored?.score ?? null);
}

/** A student with no attempt at an exam (most students have no COMLEX rows): one shared, frozen answer. */
const NONE: ExamStatus = Object.freeze({ status: 'Not yet', date: null, score: null, attempts: 0, booked: null, any: false });

export function studentExamStatus(snapshot: StudentSnapshot, ref: ReferenceData, asOf: string): StudentExamStatus {
  const judged = snapshot.attempts.map((a) => judgeAttempt(ref, a, asOf)).sort(byTestDate);
  const isDo = snapshot.student.applicantType === 'US_DO';
  const of = (exams: readonly ExamCode[]) => (judged.some((j) => exams.includes(j.exam)) ? examStatus(examRecord(judged, exams)) : NONE);
  let step1 = of(isDo ? STEP1_OR_COMLEX1 : STEP1);
  if (isDo && step1 !== NONE) {
    // The status and dates may come from COMLEX Level 1; the "Step 1 attempts" column counts USMLE Step 1 only.
    const usmleAttempts = of(STEP1).attempts;
    if (usmleAttempts !== step1.attempts) step1 = { ...step1, attempts: usmleAttempts };
  }
  return {
    step1,
    ck: of(STEP2CK),
    comlex1: of(COMLEX1),
    comlex2ce: of(COMLEX2CE),
  };
}

const STEP1: readonly ExamCode[] = ['STEP1'];
const STEP1_OR_COMLEX1: readonly ExamCode[] = ['STEP1', 'COMLEX1'];
const STEP2CK: readonly ExamCode[] = ['STEP2CK'];
const COMLEX1: readonly ExamCode[] = ['COMLEX1'];
const COMLEX2CE: readonly ExamCode[] = ['COMLEX2CE'];

/** The summary page's word for a judged attempt. */
export const STANDING_TEXT: Record<JudgedAttempt['standing'], string> = {
  passed: 'Passed',
  failed: 'Failed',
  incomplete: 'Incomplete',
  awaiting: 'Awaiting result',
  scheduled: 'Scheduled',
  unknown: 'Cannot tell',
};
