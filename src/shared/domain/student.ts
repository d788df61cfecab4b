import { z } from 'zod';
import { IsoDate } from './dates';
import type { Enrolment } from './enrolment';
import { ExamCode, Outcome, PracticeExamCode, SCORE_SCALE } from './exam';

export const APPLICANT_TYPES = ['US_MD', 'US_DO', 'IMG'] as const;
export const ApplicantType = z.enum(APPLICANT_TYPES);
export type ApplicantType = z.infer<typeof ApplicantType>;
export const APPLICANT_TYPE_LABELS: Record<ApplicantType, string> = { US_MD: 'US MD', US_DO: 'US DO', IMG: 'IMG' };

const trimmed = z.string().trim();
const optionalText = trimmed.max(2000).nullable();

/** A student as stored: the school's Student ID is the key. Blank optional fields are null ("not recorded"). */
export const Student = z.object({
  id: trimmed.min(1, 'Student ID is required').max(64),
  firstName: trimmed.min(1, 'First name is required').max(200),
  lastName: trimmed.min(1, 'Last name is required').max(200),
  email: z.string().trim().email().max(320).nullable(),
  gradYear: z.number().int().min(1950).max(2100),
  applicantType: ApplicantType.nullable(),
  targetSpecialty: optionalText,
  backupSpecialty: optionalText,
  advisor: optionalText,
  /** Months of US clinical experience; null = not recorded (not zero). */
  usceMonths: z.number().min(0).max(240).nullable(),
  /** Number of US letters of recommendation; null = not recorded. */
  usLetters: z.number().int().min(0).max(50).nullable(),
  /** Per-student override of the class's Step 1 deadline. */
  step1Deadline: IsoDate.nullable(),
  notes: z.string().max(20000).nullable(),
  /** Columns from imported files that map to no field, kept verbatim. */
  customFields: z.record(z.string(), z.string()),
});
export type Student = z.infer<typeof Student>;

/** An editable subset: everything but the ID. */
export const StudentPatch = Student.omit({ id: true }).partial();
export type StudentPatch = z.infer<typeof StudentPatch>;

export const ExamAttemptInput = z
  .object({
    studentId: trimmed.min(1),
    exam: ExamCode,
    /** May be unknown for old attempts (e.g. "2 attempts" in a roster). */
    testDate: IsoDate.nullable(),
    /** Null when only a score is known: judged by the standard in force on its date. */
    outcome: Outcome.nullable(),
    score: z.number().int().nullable(),
    /** 1-based order among the student's attempts at this exam, when known. */
    attemptOrder: z.number().int().min(1).max(20).nullable(),
  })
  .superRefine((a, ctx) => {
    if (a.score !== null) {
      const { min, max } = SCORE_SCALE[a.exam];
      if (a.score < min || a.score > max)
        ctx.addIssue({ code: 'custom', path: ['score'], message: `score ${a.score} is off the ${a.exam === 'COMLEX1' || a.exam === 'COMLEX2CE' ? 'COMLEX' : 'USMLE'} scale ${min}–${max}` });
    }
    if (a.outcome === null && a.score === null)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'an attempt needs a result or a score' });
    if ((a.outcome === 'SCHEDULED' || a.outcome === 'PENDING') && a.testDate === null)
      ctx.addIssue({ code: 'custom', path: ['testDate'], message: 'a scheduled or pending attempt needs its test date' });
  });
export type ExamAttemptInput = z.infer<typeof ExamAttemptInput>;
export type ExamAttempt = ExamAttemptInput & { id: number };

export const PracticeExamInput = z
  .object({
    studentId: trimmed.min(1),
    exam: PracticeExamCode,
    form: trimmed.min(1, 'practice form name is required').max(100),
    takenOn: IsoDate,
    score: z.number().int().min(1).max(300).nullable(),
    passProbability: z.number().min(0).max(100).nullable(),
  })
  .refine((p) => p.score !== null || p.passProbability !== null, {
    message: 'a practice exam needs a score or a pass probability',
    path: ['score'],
  });
export type PracticeExamInput = z.infer<typeof PracticeExamInput>;
export type PracticeExam = PracticeExamInput & { id: number };

/** Everything the rules need about one student. */
export interface StudentSnapshot {
  student: Student;
  attempts: ExamAttempt[];
  practice: PracticeExam[];
  /** Status history and archive (migration 0007); absent = active, never archived. The rules never read it. */
  enrolment?: Enrolment;
}
