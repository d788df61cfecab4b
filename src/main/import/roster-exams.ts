/**
 * Wide exam columns of a one-row-per-student roster ("Step 1 Result", "Step 1 Date", "Step 1
 * Attempts", "Step 2 CK Score", "Step 2 CK Scheduled"…) → exam attempts (PRODUCT.md, Import formats).
 *
 * How the columns of one exam combine:
 * - Result and/or Score (or a column named only by the exam) describe one attempt, on Date if given.
 * - Attempts counts the attempts up to and including that one: "2" with "Pass" is one earlier
 *   failure of unknown date (attempt 1, FAIL) and the pass (attempt 2). Earlier attempts cannot have
 *   been passes: a Step is passed only once (RULES.md §3).
 * - Scheduled is a booked date: a SCHEDULED attempt, unless it is the date of the attempt described
 *   (the roster kept the booking date and later added the score).
 * - A Date with no result and no score is a booking when it is after today; before that it is kept
 *   as a custom field with a warning rather than guessed at.
 */
import { EXAM_LABELS, type ExamAttemptInput, type ExamCode, type Outcome } from '../../shared/domain';
import type { RosterExamPart } from './fields';

export interface WideExamCells {
  result?: Outcome;
  score?: number;
  date?: string;
  attempts?: number;
  scheduled?: string;
  /** Headers of the columns that fed each part, to locate problems. */
  headers: Partial<Record<RosterExamPart, string>>;
  /** Original text of each part, for keeping what cannot become an attempt. */
  texts: Partial<Record<RosterExamPart, string>>;
}

export interface RosterAttempt {
  attempt: ExamAttemptInput;
  /** field of ExamAttemptInput → header, for locating its validation problems. */
  columns: Partial<Record<keyof ExamAttemptInput, string>>;
}

export interface EarlierFailures {
  studentId: string;
  exam: ExamCode;
  /** How many unsuccessful attempts came before `final`. */
  count: number;
  final: ExamAttemptInput;
  column: string;
}

export interface RosterExamOutcome {
  attempts: RosterAttempt[];
  earlierFailures: EarlierFailures | null;
  /** Columns that could not become attempts, kept as the student's custom fields (header → text). */
  keep: Record<string, string>;
  warnings: { column: string; message: string }[];
  errors: { column: string; message: string }[];
}

export function rosterExamAttempts(studentId: string, exam: ExamCode, cells: WideExamCells, asOf: string): RosterExamOutcome {
  const out: RosterExamOutcome = { attempts: [], earlierFailures: null, keep: {}, warnings: [], errors: [] };
  const label = EXAM_LABELS[exam];
  const h = cells.headers;
  const { result, score, date, attempts: count, scheduled } = cells;
  const resultColumn = h.result ?? h.value;
  const scoreColumn = h.score ?? h.value;
  const keepAll = (why: string, column: string) => {
    for (const [part, text] of Object.entries(cells.texts) as [RosterExamPart, string][]) if (text !== undefined && h[part]) out.keep[h[part]!] = text;
    out.warnings.push({ column, message: why });
  };

  if (result !== undefined || score !== undefined) {
    let testDate = date ?? null;
    let bookingUsed = false;
    if (testDate === null && scheduled !== undefined && (result === 'SCHEDULED' || result === 'PENDING')) {
      testDate = scheduled;
      bookingUsed = true;
    }
    const final: ExamAttemptInput = { studentId, exam, testDate, outcome: result ?? null, score: score ?? null, attemptOrder: count !== undefined && count > 0 ? count : null };
    out.attempts.push({ attempt: final, columns: { testDate: h.date ?? h.scheduled, outcome: resultColumn, score: scoreColumn, attemptOrder: h.attempts } });
    if (count !== undefined && count >= 2) out.earlierFailures = { studentId, exam, count: count - 1, final, column: h.attempts! };
    if (scheduled !== undefined && !bookingUsed && scheduled !== testDate) {
      if (result === 'SCHEDULED' || result === 'PENDING')
        out.errors.push({ column: h.scheduled!, message: `${label} is ${result.toLowerCase()} on ${testDate ?? 'an unknown date'} and also scheduled on ${scheduled}: keep one date` });
      else
        out.attempts.push({
          attempt: { studentId, exam, testDate: scheduled, outcome: 'SCHEDULED', score: null, attemptOrder: final.attemptOrder !== null ? final.attemptOrder + 1 : null },
          columns: { testDate: h.scheduled, attemptOrder: h.attempts },
        });
    }
    if (count === 0) out.errors.push({ column: h.attempts!, message: `${label} attempts is 0 but a result or score is given` });
    return out;
  }

  if (date !== undefined) {
    if (date > asOf) {
      out.attempts.push({ attempt: { studentId, exam, testDate: date, outcome: 'SCHEDULED', score: null, attemptOrder: count !== undefined && count > 0 ? count : null }, columns: { testDate: h.date, attemptOrder: h.attempts } });
      if (count !== undefined && count >= 2) out.earlierFailures = { studentId, exam, count: count - 1, final: out.attempts[0].attempt, column: h.attempts! };
      if (scheduled !== undefined && scheduled !== date)
        out.errors.push({ column: h.scheduled!, message: `${label} date ${date} (no result yet) and scheduled date ${scheduled} disagree: keep one` });
    } else
      keepAll(`${label} date ${date} has no result or score, so no attempt was recorded; the columns were kept as custom fields`, h.date!);
    return out;
  }

  if (scheduled !== undefined) {
    if (count !== undefined && count > 0) {
      keepAll(`${label} attempts ${count} with only a scheduled date is ambiguous (is the booking one of the ${count}?): the booking was recorded, the attempt count kept as a custom field`, h.attempts!);
      for (const part of ['scheduled', 'date'] as const) if (h[part]) delete out.keep[h[part]!];
    }
    out.attempts.push({ attempt: { studentId, exam, testDate: scheduled, outcome: 'SCHEDULED', score: null, attemptOrder: null }, columns: { testDate: h.scheduled } });
    return out;
  }

  if (count !== undefined && count > 0) keepAll(`${label} attempts ${count} without a result, score or date: kept as a custom field, no attempt recorded`, h.attempts!);
  return out;
}
