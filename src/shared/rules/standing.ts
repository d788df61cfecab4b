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
  const base = { attempt: a, exam: a.exam, date: a.testDate, score: a.score, judgedAgainst: null };
  if (a.testDate !== null && a.testDate > asOf) return { ...base, standing: 'scheduled' };
  switch (a.outcome) {
    case 'PASS':
      return { ...base, standing: 'passed' };
    case 'FAIL':
      return { ...base, standing: 'failed' };
    case 'INCOMPLETE':
      return { ...base, standing: 'incomplete' };
    case 'PENDING':
      return { ...base, standing: 'awaiting' };
    case 'SCHEDULED':
      return { ...base, standing: a.testDate !== null && a.testDate === asOf ? 'scheduled' : 'awaiting' };
    case null: {
      if (a.score === null) return { ...base, standing: 'unknown' };
      const verdict = judgeScore(ref, a.exam, a.score, a.testDate);
      if (verdict === 'PASS') return { ...base, standing: 'passed' };
      if (verdict === 'FAIL')
        return { ...base, standing: 'failed', judgedAgainst: a.testDate ? minimumPassingScore(ref, a.exam, a.testDate) : null };
      return { ...base, standing: 'unknown' };
    }
  }
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
  attempts: JudgedAttempt[];
  /** The first passing attempt (a Step is passed only once). */
  pass: JudgedAttempt | null;
  /** RULES.md §4 "failed": outcome FAIL, or a score below the standard in force on its date. */
  failures: JudgedAttempt[];
  /** RULES.md §3: unsuccessful attempts = FAIL + INCOMPLETE; they count toward the attempt limit. */
  unsuccessful: JudgedAttempt[];
  /** Taken, result not yet known. */
  awaiting: JudgedAttempt[];
  /** Booked for today or later, earliest first. */
  upcoming: JudgedAttempt[];
  /** Scores that could not be judged. */
  unjudged: JudgedAttempt[];
}

export function examRecord(attempts: readonly JudgedAttempt[], exams: readonly ExamCode[]): ExamRecord {
  const mine = attempts.filter((j) => exams.includes(j.exam));
  return {
    attempts: mine,
    pass: mine.find((j) => j.standing === 'passed') ?? null,
    failures: mine.filter((j) => j.standing === 'failed'),
    unsuccessful: mine.filter((j) => j.standing === 'failed' || j.standing === 'incomplete'),
    awaiting: mine.filter((j) => j.standing === 'awaiting'),
    upcoming: mine.filter((j) => j.standing === 'scheduled'),
    unjudged: mine.filter((j) => j.standing === 'unknown'),
  };
}

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
