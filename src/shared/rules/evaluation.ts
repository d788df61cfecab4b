import type { Flag, RiskLevel, StudentSnapshot, Tier } from '../domain';
import type { ReferenceData } from './reference';

/**
 * What the rules conclude about one student as of a date: the flags, the risk level, and the
 * timeline facts behind them, so screens and reports show the same numbers the rules used.
 */
export interface StudentEvaluation {
  studentId: string;
  asOf: string;
  flags: Flag[];
  risk: RiskLevel | null;
  facts: {
    /** ERAS season the student applies in (= graduation year). */
    season: number;
    /** The date programs may start reviewing applications for that season. */
    reviewDate: string;
    /** Review date minus the reporting lag: a CK taken by then reports in time. */
    ckSafeDate: string;
    step1Deadline: string;
    /** The specialty row the target matched, or null. */
    targetSpecialty: { name: string; tier: Tier; referenceCk: number; source: string; fromTierDefault: boolean } | null;
    step1Passed: boolean;
    ckPassed: boolean;
    /** Best passing CK score (COMLEX 2-CE excluded), if any. */
    ckScore: number | null;
  };
  /** Fields the rules needed but found blank, in words an advisor reads ("target specialty"). */
  missing: string[];
}

/** The signature every consumer (handlers, CLI, reports, screens) calls; implemented in flags.ts. */
export type EvaluateStudent = (snapshot: StudentSnapshot, ref: ReferenceData, asOf: string) => StudentEvaluation;
