/**
 * Where a student stands on Step 1 and Step 2 CK as of a date, in the words the dashboard counts and
 * the roster shows. Built on the rules' own judgement of each attempt (rules/standing.ts), so an
 * outcome-less score, an attempt dated after the as-of date, or a COMLEX Level 1 pass for a DO student
 * is read exactly as the flags read it.
 */
import type { StudentSnapshot } from './domain';
import type { ReferenceData } from './rules/reference';
import { byTestDate, examRecord, judgeAttempt } from './rules/standing';

/** Finer Step 1 status shown in the roster. */
export const STEP1_STATUSES = ['passed', 'failed', 'pending', 'scheduled', 'not yet'] as const;
export type Step1Status = (typeof STEP1_STATUSES)[number];

/**
 * The dashboard's three Step 1 groups: passed; failed (an unsuccessful attempt and no pass yet);
 * not yet (nothing taken, or taken/booked and no result: scheduled and pending count here).
 */
export const STEP1_GROUPS = ['passed', 'failed', 'notYet'] as const;
export type Step1Group = (typeof STEP1_GROUPS)[number];
/** Words a dean reads right: 'failed' is where a student stands now, not whether they ever failed (that is the STEP1_FAIL flag). */
export const STEP1_GROUP_LABELS: Record<Step1Group, string> = { passed: 'Passed', failed: 'Failed, not yet passed', notYet: 'Not taken, or result pending' };

/**
 * Step 2 CK (the USMLE exam; COMLEX Level 2-CE is shown apart): reported = a result is out (pass or
 * not); scheduled = booked, or taken and awaiting its result; not scheduled = no attempt at all.
 */
export const CK_STATUSES = ['reported', 'scheduled', 'notScheduled'] as const;
export type CkStatus = (typeof CK_STATUSES)[number];
export const CK_STATUS_LABELS: Record<CkStatus, string> = { reported: 'Reported', scheduled: 'Scheduled', notScheduled: 'Not scheduled' };

export interface ExamStatus {
  step1: Step1Status;
  step1Group: Step1Group;
  ck: CkStatus;
  /** A Step 2 CK attempt is booked, or taken and awaiting its result. */
  ckBooked: boolean;
  /** Best Step 2 CK score with a result out (pass or fail), else null. */
  ckScore: number | null;
  /** The CK date that matters: the pass, else the earliest result awaited or booked, else the latest result. */
  ckDate: string | null;
}

export function step1GroupOf(status: Step1Status): Step1Group {
  return status === 'passed' ? 'passed' : status === 'failed' ? 'failed' : 'notYet';
}

export function examStatus(snapshot: StudentSnapshot, ref: ReferenceData, asOf: string): ExamStatus {
  const judged = snapshot.attempts.map((a) => judgeAttempt(ref, a, asOf)).sort(byTestDate);
  // RULES.md §2: for a US_DO student a COMLEX Level 1 pass meets Step 1.
  const step1Exams = snapshot.student.applicantType === 'US_DO' ? (['STEP1', 'COMLEX1'] as const) : (['STEP1'] as const);
  const s1 = examRecord(judged, step1Exams);
  const step1: Step1Status = s1.pass
    ? 'passed'
    : s1.unsuccessful.length > 0
      ? 'failed'
      : s1.awaiting.length > 0
        ? 'pending'
        : s1.upcoming.length > 0
          ? 'scheduled'
          : 'not yet';

  const ck = examRecord(judged, ['STEP2CK']);
  const results = ck.attempts.filter((j) => j.standing === 'passed' || j.standing === 'failed' || j.standing === 'incomplete' || j.standing === 'unknown');
  const scores = results.map((j) => j.score).filter((s): s is number => s !== null);
  const waiting = [...ck.awaiting, ...ck.upcoming].filter((j) => j.date !== null).sort(byTestDate);
  const ckStatus: CkStatus = results.length > 0 ? 'reported' : ck.awaiting.length + ck.upcoming.length > 0 ? 'scheduled' : 'notScheduled';
  const ckDate = ck.pass?.date ?? waiting[0]?.date ?? results.filter((j) => j.date !== null).at(-1)?.date ?? null;
  return { step1, step1Group: step1GroupOf(step1), ck: ckStatus, ckBooked: ck.awaiting.length + ck.upcoming.length > 0, ckScore: scores.length ? Math.max(...scores) : null, ckDate };
}
