/**
 * Builders for the rules' unit tests: the shipped reference data, and a baseline student who raises
 * no flag as of BASE_AS_OF (class of 2027, Step 1 passed on time, CK booked before the safe date,
 * target Internal Medicine), so each test changes one fact and watches one flag.
 */
import type { ExamAttempt, ExamCode, Flag, FlagCode, Outcome, PracticeExam, Setting, Student } from '../../src/shared/domain';
import { evaluateStudent } from '../../src/shared/rules/flags';
import type { ReferenceData } from '../../src/shared/rules/reference';
import { defaultReferenceData } from '../../src/shared/rules/reference-defaults';
import type { StudentEvaluation } from '../../src/shared/rules/evaluation';

export const REF: ReferenceData = defaultReferenceData();
export const BASE_AS_OF = '2026-03-01';

export function student(over: Partial<Student> = {}): Student {
  return {
    id: 'S001',
    firstName: 'Maya',
    lastName: 'Patel',
    email: null,
    gradYear: 2027,
    applicantType: 'US_MD',
    targetSpecialty: 'Internal Medicine',
    backupSpecialty: null,
    advisor: 'Dr. Adeyemi',
    usceMonths: null,
    usLetters: null,
    step1Deadline: null,
    notes: null,
    customFields: {},
    ...over,
  };
}

let nextId = 1000;
export function attempt(exam: ExamCode, testDate: string | null, outcome: Outcome | null, score: number | null = null, attemptOrder: number | null = null): ExamAttempt {
  return { id: nextId++, studentId: 'S001', exam, testDate, outcome, score, attemptOrder };
}

export function practice(exam: PracticeExam['exam'], form: string, takenOn: string, score: number | null, passProbability: number | null = null): PracticeExam {
  return { id: nextId++, studentId: 'S001', exam, form, takenOn, score, passProbability };
}

/** Step 1 passed well before the default deadline (2025-07-31) and CK booked before the safe date (2026-08-26). */
export function baseAttempts(): ExamAttempt[] {
  return [attempt('STEP1', '2025-05-01', 'PASS', null, 1), attempt('STEP2CK', '2026-06-15', 'SCHEDULED', null, 1)];
}

export interface Case {
  student?: Partial<Student>;
  attempts?: ExamAttempt[];
  practice?: PracticeExam[];
  asOf?: string;
  ref?: ReferenceData;
}

export function evaluate(c: Case = {}): StudentEvaluation {
  return evaluateStudent({ student: student(c.student), attempts: c.attempts ?? baseAttempts(), practice: c.practice ?? [] }, c.ref ?? REF, c.asOf ?? BASE_AS_OF);
}

export function flagOf(ev: StudentEvaluation, code: FlagCode): Flag | undefined {
  return ev.flags.find((f) => f.code === code);
}

/** The severity of one flag, or null when it did not fire. */
export function severityOf(c: Case, code: FlagCode): Flag['severity'] | null {
  return flagOf(evaluate(c), code)?.severity ?? null;
}

/** Reference data with some settings replaced or added (same key + effectiveFrom replaces). */
export function withSettings(changes: Partial<Setting>[], base: ReferenceData = REF): ReferenceData {
  const settings = base.settings.map((s) => ({ ...s }));
  for (const c of changes) {
    const existing = settings.find((s) => s.key === c.key && s.effectiveFrom === (c.effectiveFrom ?? null));
    if (existing) Object.assign(existing, c);
    else settings.push({ key: c.key!, effectiveFrom: c.effectiveFrom ?? null, kind: c.kind ?? 'number', value: c.value!, label: c.label ?? c.key!, source: c.source ?? 'test', note: null });
  }
  return { settings, specialties: base.specialties };
}
