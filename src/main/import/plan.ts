/**
 * The rules that decide what a file row changes (sink.ts applies them chunk by chunk):
 * - students are upserted by Student ID; a blank cell never erases a stored value;
 * - an attempt already recorded is the same attempt when student + exam + test date match, or for
 *   an attempt of unknown date, student + exam + attempt number; a re-imported row that adds a
 *   score or result to a scheduled attempt updates it;
 * - practice exams are the same when student + exam + form + date match (the table's natural key).
 * Re-importing a file therefore changes nothing.
 */
import type { FieldChange } from '../../shared/api/import';
import { EXAM_LABELS, OUTCOME_LABELS, type ExamAttempt, type ExamAttemptInput, type Student } from '../../shared/domain';
import { PASS_STANDARD } from '../../shared/rules/consistency';
import { settingInForce, type ReferenceData } from '../../shared/rules/reference';
import type { StudentValues } from './collect';
import { IMPORT_FIELDS } from './fields';

export const STUDENT_LABELS = new Map(IMPORT_FIELDS.students.map((f) => [f.key, f.label]));
export const ATTEMPT_LABELS: Record<string, string> = { exam: 'Exam', testDate: 'Date', outcome: 'Result', score: 'Score', attemptOrder: 'Attempt' };
export const PRACTICE_LABELS: Record<string, string> = { exam: 'Exam', form: 'Form', takenOn: 'Date', score: 'Score', passProbability: 'Pass probability (%)' };

function shown(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function diff<T extends object>(before: T, after: T, label: (field: string) => string): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of Object.keys(after) as (keyof T & string)[]) {
    const from = shown(before[field]);
    const to = shown(after[field]);
    if (from !== to) out.push({ field, label: label(field), from, to });
  }
  return out;
}

/** Custom fields are listed one per column, so the preview says which column changed. */
export function studentChanges(before: Student, after: Student): FieldChange[] {
  const out = diff({ ...before, customFields: null }, { ...after, customFields: null }, (f) => STUDENT_LABELS.get(f) ?? f);
  for (const [k, v] of Object.entries(after.customFields))
    if (before.customFields[k] !== v) out.push({ field: `customFields.${k}`, label: k, from: before.customFields[k] ?? null, to: v });
  return out;
}

export const sep = '\u0000';

/** The identity of an attempt within a student's history (see the header comment). */
export function attemptKey(a: ExamAttemptInput): string {
  if (a.testDate !== null) return `${a.studentId}${sep}${a.exam}${sep}${a.testDate}`;
  if (a.attemptOrder !== null) return `${a.studentId}${sep}${a.exam}${sep}#${a.attemptOrder}`;
  return `${a.studentId}${sep}${a.exam}${sep}?${a.outcome}${sep}${a.score}`;
}

const TAKEN = new Set(['PASS', 'FAIL', 'INCOMPLETE']);

/** Two rows of one file naming the same attempt: combined when they agree, a conflict message when they do not. */
export function combine(a: ExamAttemptInput, b: ExamAttemptInput): ExamAttemptInput | string {
  const out = { ...a };
  for (const f of ['outcome', 'score', 'attemptOrder'] as const) {
    const x = a[f];
    const y = b[f];
    if (y === null || x === y) continue;
    if (x === null) {
      (out as Record<string, unknown>)[f] = y;
      continue;
    }
    // A booking and its result on the same date are one attempt: the result wins.
    if (f === 'outcome' && (x === 'SCHEDULED' || y === 'SCHEDULED')) {
      out.outcome = x === 'SCHEDULED' ? b.outcome : a.outcome;
      continue;
    }
    return `different ${ATTEMPT_LABELS[f].toLowerCase()} (${String(x)} and ${String(y)})`;
  }
  return out;
}

/** What a file row adds to a recorded attempt; never erases, never turns a taken exam back into a booking. */
export function updatedAttempt(before: ExamAttempt, file: ExamAttemptInput): { after: ExamAttempt; kept: string | null } {
  const after: ExamAttempt = { ...before };
  let kept: string | null = null;
  if (file.score !== null) after.score = file.score;
  if (file.outcome !== null) {
    const regress = (before.outcome !== null && TAKEN.has(before.outcome) || (before.outcome === null && before.score !== null) || before.outcome === 'PENDING') && (file.outcome === 'SCHEDULED' || file.outcome === 'PENDING') && before.outcome !== file.outcome;
    if (regress) kept = `${EXAM_LABELS[before.exam]} on ${before.testDate ?? 'an unknown date'} is already recorded as ${before.outcome ? OUTCOME_LABELS[before.outcome] : `score ${before.score}`}; the file's "${OUTCOME_LABELS[file.outcome]}" was not applied`;
    else after.outcome = file.outcome;
  } else if (file.score !== null && (before.outcome === 'SCHEDULED' || before.outcome === 'PENDING')) {
    // A score was released for the booked attempt: it is judged by the standard in force on its date (RULES.md §3).
    after.outcome = null;
  }
  if (file.attemptOrder !== null) after.attemptOrder = file.attemptOrder;
  return { after, kept };
}

/** Settings holding the passing score an exam's score-only attempt is judged by (RULES.md §1). */

export function judgedFailure(a: ExamAttemptInput, ref: ReferenceData): string | null {
  if (a.outcome !== null || a.score === null || a.testDate === null) return null;
  const key = PASS_STANDARD[a.exam];
  const standard = key ? settingInForce(ref, key, a.testDate) : null;
  if (!standard || a.score >= Number(standard.value)) return null;
  return `${EXAM_LABELS[a.exam]} score ${a.score} on ${a.testDate} has no result: below the minimum passing score ${standard.value} in force on that date, it counts as a failure`;
}

/** The student a file row describes: a new one from its cells, or the stored one with the row's non-blank cells over it. */
export function studentFromRow(id: string, v: StudentValues, custom: Record<string, string> | null, before: Student | undefined): Student {
  if (before) return { ...before, ...v, customFields: custom ? { ...before.customFields, ...custom } : before.customFields };
  return {
    id,
    firstName: v.firstName ?? '',
    lastName: v.lastName ?? '',
    email: v.email ?? null,
    gradYear: v.gradYear ?? Number.NaN,
    applicantType: v.applicantType ?? null,
    targetSpecialty: v.targetSpecialty ?? null,
    backupSpecialty: v.backupSpecialty ?? null,
    advisor: v.advisor ?? null,
    usceMonths: v.usceMonths ?? null,
    usLetters: v.usLetters ?? null,
    step1Deadline: v.step1Deadline ?? null,
    notes: v.notes ?? null,
    customFields: custom ?? {},
  };
}

/** Does a recorded attempt have the identity of this file attempt? */
export function sameAttempt(e: ExamAttempt, a: ExamAttemptInput): boolean {
  if (e.exam !== a.exam) return false;
  if (a.testDate !== null) return e.testDate === a.testDate;
  if (a.attemptOrder !== null) return e.attemptOrder === a.attemptOrder;
  return e.testDate === null && e.attemptOrder === null && e.outcome === a.outcome && e.score === a.score;
}
