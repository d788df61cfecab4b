/**
 * How each exam attempt stands on the evaluation date (RULES.md §3), and what that means per exam:
 * passed or not, failures, unsuccessful attempts, what is taken and awaiting a result, what is booked.
 */
import { EXAM_LABELS, type ExamAttempt, type ExamCode } from '../domain';
import type { ReferenceData } from './reference';
import { judgeScore, minimumPassingScore } from './timeline';

/**
 * - passed / failed / incomplete: the recorded outcome, or (no outcome) the score judged against the
 *   standard in force on its test date;
 * - awaiting: taken, result not released (PENDING), or booked for a day already gone and still
 *   SCHEDULED: the exam presumably happened and the result has not been entered, so it counts as
 *   taken-awaiting-result like PENDING (not as missed, and not as still bookable);
 * - scheduled: booked for the as-of date or later. A result recorded for a date after the as-of
 *   date also counts as scheduled: evaluated "as of" that day, the exam had not happened yet;
 * - unknown: a score that cannot be judged (no standard for the exam, or an unknown date between
 *   two standards). It counts neither as a pass nor as a failure.
 */
export type Standing = 'passed' | 'failed' | 'incomplete' | 'awaiting' | 'scheduled' | 'unknown';

export interface JudgedAttempt {
  attempt: ExamAttempt;
  exam: ExamCode;
  date: string | null;
  score: number | null;
  standing: Standing;
  /** For a failure read from a score: the minimum that was in force on its date. */
  judgedAgainst: number | null;
}

export function judgeAttempt(ref: ReferenceData, a: ExamAttempt, asOf: string): JudgedAttempt {
  let standing: Standing;
  let judgedAgainst: number | null = null;
  if (a.testDate !== null && a.testDate > asOf) standing = 'scheduled';
  else
    switch (a.outcome) {
      case 'PASS':
        standing = 'passed';
        break;
      case 'FAIL':
        standing = 'failed';
        break;
      case 'INCOMPLETE':
        standing = 'incomplete';
        break;
      case 'PENDING':
        standing = 'awaiting';
        break;
      case 'SCHEDULED':
        standing = a.testDate !== null && a.testDate === asOf ? 'scheduled' : 'awaiting';
        break;
      case null: {
        const verdict = a.score === null ? null : judgeScore(ref, a.exam, a.score, a.testDate);
        standing = verdict === 'PASS' ? 'passed' : verdict === 'FAIL' ? 'failed' : 'unknown';
        if (verdict === 'FAIL' && a.testDate) judgedAgainst = minimumPassingScore(ref, a.exam, a.testDate);
        break;
      }
    }
  return { attempt: a, exam: a.exam, date: a.testDate, score: a.score, standing, judgedAgainst };
}

/** Unknown dates first (an attempt whose date was never recorded is an old one), then by date, order, id. */
export function byTestDate(a: JudgedAttempt, b: JudgedAttempt): number {
  if (a.date !== b.date) {
    if (a.date === null) return -1;
    if (b.date === null) return 1;
    return a.date < b.date ? -1 : 1;
  }
  const ao = a.attempt.attemptOrder ?? 0;
  const bo = b.attempt.attemptOrder ?? 0;
  return ao !== bo ? ao - bo : a.attempt.id - b.attempt.id;
}

/** Where a student stands on one exam (or on a group of exams that count as one, e.g. Step 1 or COMLEX Level 1 for a DO). */
export interface ExamRecord {
  attempts: readonly JudgedAttempt[];
  /** The first passing attempt (a Step is passed only once). */
  pass: JudgedAttempt | null;
  /** RULES.md §4 "failed": outcome FAIL, or a score below the standard in force on its date. */
  failures: readonly JudgedAttempt[];
  /** RULES.md §3: unsuccessful attempts = FAIL + INCOMPLETE; they count toward the attempt limit. */
  unsuccessful: readonly JudgedAttempt[];
  /** Taken, result not yet known. */
  awaiting: readonly JudgedAttempt[];
  /** Booked for today or later, earliest first. */
  upcoming: readonly JudgedAttempt[];
  /** Scores that could not be judged. */
  unjudged: readonly JudgedAttempt[];
}

// Most students have nothing in most of these lists: share one empty list rather than allocate
// six per exam per student (100,000 students → millions of short-lived arrays).
const NONE: readonly JudgedAttempt[] = Object.freeze([]);
const add = (list: JudgedAttempt[] | null, j: JudgedAttempt) => (list ? (list.push(j), list) : [j]);

/** One pass over a student's judged attempts (already in test-date order), keeping those of `exams`. */
export function examRecord(attempts: readonly JudgedAttempt[], exams: readonly ExamCode[]): ExamRecord {
  let mine: JudgedAttempt[] | null = null;
  let failures: JudgedAttempt[] | null = null;
  let unsuccessful: JudgedAttempt[] | null = null;
  let awaiting: JudgedAttempt[] | null = null;
  let upcoming: JudgedAttempt[] | null = null;
  let unjudged: JudgedAttempt[] | null = null;
  let pass: JudgedAttempt | null = null;
  for (const j of attempts) {
    if (!exams.includes(j.exam)) continue;
    mine = add(mine, j);
    switch (j.standing) {
      case 'passed':
        pass ??= j;
        break;
      case 'failed':
        failures = add(failures, j);
        unsuccessful = add(unsuccessful, j);
        break;
      case 'incomplete':
        unsuccessful = add(unsuccessful, j);
        break;
      case 'awaiting':
        awaiting = add(awaiting, j);
        break;
      case 'scheduled':
        upcoming = add(upcoming, j);
        break;
      case 'unknown':
        unjudged = add(unjudged, j);
        break;
    }
  }
  if (!mine) return NO_ATTEMPTS;
  return { attempts: mine, pass, failures: failures ?? NONE, unsuccessful: unsuccessful ?? NONE, awaiting: awaiting ?? NONE, upcoming: upcoming ?? NONE, unjudged: unjudged ?? NONE };
}

const NO_ATTEMPTS: ExamRecord = Object.freeze({ attempts: NONE, pass: null, failures: NONE, unsuccessful: NONE, awaiting: NONE, upcoming: NONE, unjudged: NONE });

export function dateText(date: string | null): string {
  return date ?? 'date unknown';
}

/** "2025-06-10" or "2025-06-10, score 215 below the 218 then required". */
export function failureText(j: JudgedAttempt): string {
  const when = dateText(j.date);
  if (j.attempt.outcome === null && j.score !== null) return j.judgedAgainst !== null ? `${when}, score ${j.score} below the ${j.judgedAgainst} then required` : `${when}, score ${j.score}`;
  return j.score !== null ? `${when}, score ${j.score}` : when;
}

export function examLabel(exam: ExamCode): string {
  return EXAM_LABELS[exam];
}
