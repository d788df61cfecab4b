/**
 * The import's row checks for the common case, in plain code: zod's safeParse of a Student, an exam
 * attempt and a practice exam took close to a second of the main thread at 100,000 students
 * (node --cpu-prof, 2026-12-05), for rows that are nearly always valid. Each function here says
 * "certainly valid" only when the domain schema (src/shared/domain/student.ts) would accept the
 * value; anything else — invalid, unusual, or simply not covered here — goes to the schema itself,
 * which gives the located messages exactly as before. So a row is accepted or refused as before;
 * only the valid ones skip zod. test/unit/import-quick-checks.test.ts holds every "certainly valid"
 * to the schema on generated edge cases.
 */
import { z } from 'zod';
import { ApplicantType, EXAMS, isIsoDate, OUTCOMES, PRACTICE_EXAMS, SCORE_SCALE, type ExamAttemptInput, type PracticeExamInput, type Student } from '../../shared/domain';

const EXAM_CODES: ReadonlySet<unknown> = new Set(EXAMS);
const OUTCOME_CODES: ReadonlySet<unknown> = new Set(OUTCOMES);
const PRACTICE_CODES: ReadonlySet<unknown> = new Set(PRACTICE_EXAMS);
const APPLICANT_TYPES: ReadonlySet<unknown> = new Set(ApplicantType.options);
/** The pattern zod's .email() tests (the same object, unless the app configured another: it does not). */
const EMAIL = z.regexes.email;

/** z.string().trim().min(min).max(max): the length zod checks is the trimmed one. */
function trimmedText(v: unknown, min: number, max: number): boolean {
  if (typeof v !== 'string') return false;
  const n = v.trim().length;
  return n >= min && n <= max;
}

function intIn(v: unknown, min: number, max: number): boolean {
  return Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max;
}

function finiteIn(v: unknown, min: number, max: number): boolean {
  return typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
}

function isoDate(v: unknown): boolean {
  return typeof v === 'string' && isIsoDate(v);
}

/** ExamAttemptInput would accept it. */
export function certainlyValidAttempt(a: ExamAttemptInput): boolean {
  if (!trimmedText(a.studentId, 1, Infinity) || !EXAM_CODES.has(a.exam)) return false;
  if (a.testDate !== null && !isoDate(a.testDate)) return false;
  if (a.outcome !== null && !OUTCOME_CODES.has(a.outcome)) return false;
  if (a.score !== null) {
    const scale = SCORE_SCALE[a.exam];
    if (!intIn(a.score, scale.min, scale.max)) return false;
  }
  if (a.attemptOrder !== null && !intIn(a.attemptOrder, 1, 20)) return false;
  if (a.outcome === null && a.score === null) return false;
  if ((a.outcome === 'SCHEDULED' || a.outcome === 'PENDING') && a.testDate === null) return false;
  return true;
}

/** PracticeExamInput would accept it. */
export function certainlyValidPractice(p: PracticeExamInput): boolean {
  if (!trimmedText(p.studentId, 1, Infinity) || !PRACTICE_CODES.has(p.exam) || !trimmedText(p.form, 1, 100) || !isoDate(p.takenOn)) return false;
  if (p.score !== null && !intIn(p.score, 1, 300)) return false;
  if (p.passProbability !== null && !finiteIn(p.passProbability, 0, 100)) return false;
  return p.score !== null || p.passProbability !== null;
}

function optionalText(v: unknown): boolean {
  return v === null || trimmedText(v, 0, 2000);
}

/** Student would accept it. */
export function certainlyValidStudent(s: Student): boolean {
  if (!trimmedText(s.id, 1, 64) || !trimmedText(s.firstName, 1, 200) || !trimmedText(s.lastName, 1, 200)) return false;
  if (s.email !== null) {
    if (typeof s.email !== 'string') return false;
    const email = s.email.trim();
    EMAIL.lastIndex = 0;
    if (email.length > 320 || !EMAIL.test(email)) return false;
  }
  if (!intIn(s.gradYear, 1950, 2100)) return false;
  if (s.applicantType !== null && !APPLICANT_TYPES.has(s.applicantType)) return false;
  if (!optionalText(s.targetSpecialty) || !optionalText(s.backupSpecialty) || !optionalText(s.advisor)) return false;
  if (s.usceMonths !== null && !finiteIn(s.usceMonths, 0, 240)) return false;
  if (s.usLetters !== null && !intIn(s.usLetters, 0, 50)) return false;
  if (s.step1Deadline !== null && !isoDate(s.step1Deadline)) return false;
  if (s.notes !== null && !(typeof s.notes === 'string' && s.notes.length <= 20000)) return false;
  const custom: unknown = s.customFields;
  if (custom === null || typeof custom !== 'object' || Array.isArray(custom) || Object.getPrototypeOf(custom) !== Object.prototype) return false;
  for (const v of Object.values(custom)) if (typeof v !== 'string') return false;
  return true;
}
