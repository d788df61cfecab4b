import { z } from 'zod';
import { IsoDate } from '../domain';
import type { CkStatus, Step1Status } from '../exam-status';
import { endpoint } from './contract';

/**
 * The lines the student page draws on the practice-score chart, read by the core from the office's
 * reference settings as of a date (the renderer never looks a standard up itself).
 */
export interface PracticeLines {
  asOf: string;
  step1: {
    /** Step 1 three-digit pass standard in force on the as-of date. */
    passStandard: number | null;
    /** RULES.md STEP1_NOT_READY readiness line: pass standard + margin. */
    readinessScore: number | null;
    readinessProbability: number;
  };
  step2ck: {
    minimumPassingScore: number | null;
    nationalMean: number;
    /** The target specialty's reference (from the evaluation), else null. */
    target: { name: string; referenceCk: number; source: string } | null;
  };
  exams: { step1: Step1Status; ck: CkStatus };
}

export const studentPageApi = {
  'students.practiceLines': endpoint<PracticeLines>()(z.object({ id: z.string().trim().min(1).max(64), asOf: IsoDate.optional() })),
};
