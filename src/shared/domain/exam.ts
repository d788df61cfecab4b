import { z } from 'zod';

/** The licensing exams Stepwise tracks (RULES.md §3). */
export const EXAMS = ['STEP1', 'STEP2CK', 'STEP3', 'COMLEX1', 'COMLEX2CE'] as const;
export const ExamCode = z.enum(EXAMS);
export type ExamCode = z.infer<typeof ExamCode>;

export const EXAM_LABELS: Record<ExamCode, string> = {
  STEP1: 'Step 1',
  STEP2CK: 'Step 2 CK',
  STEP3: 'Step 3',
  COMLEX1: 'COMLEX Level 1',
  COMLEX2CE: 'COMLEX Level 2-CE',
};

/** USMLE Steps count toward the USMLE attempt limit; COMLEX levels do not. */
export const USMLE_EXAMS: readonly ExamCode[] = ['STEP1', 'STEP2CK', 'STEP3'];

/** Highest possible three-digit score per exam: USMLE runs 1–300, COMLEX up to 999. */
export const SCORE_SCALE: Record<ExamCode, { min: number; max: number }> = {
  STEP1: { min: 1, max: 300 },
  STEP2CK: { min: 1, max: 300 },
  STEP3: { min: 1, max: 300 },
  COMLEX1: { min: 1, max: 999 },
  COMLEX2CE: { min: 1, max: 999 },
};

/** PENDING = taken, result not yet released. */
export const OUTCOMES = ['PASS', 'FAIL', 'INCOMPLETE', 'SCHEDULED', 'PENDING'] as const;
export const Outcome = z.enum(OUTCOMES);
export type Outcome = z.infer<typeof Outcome>;

export const OUTCOME_LABELS: Record<Outcome, string> = {
  PASS: 'Pass',
  FAIL: 'Fail',
  INCOMPLETE: 'Incomplete',
  SCHEDULED: 'Scheduled',
  PENDING: 'Pending',
};

export const PRACTICE_EXAMS = ['STEP1', 'STEP2CK'] as const;
export const PracticeExamCode = z.enum(PRACTICE_EXAMS);
export type PracticeExamCode = z.infer<typeof PracticeExamCode>;
