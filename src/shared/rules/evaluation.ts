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
    /** Step 1 passed; for a US_DO student a COMLEX Level 1 pass counts too (RULES.md §2, as in the roster). */
    step1Passed: boolean;
    ckPassed: boolean;
    /** Best passing CK score (COMLEX 2-CE excluded), if any. */
    ckScore: number | null;
    /** Date of that Step 1 (or, for a DO, COMLEX Level 1) pass; null when not passed or the date is unknown. */
    step1PassDate: string | null;
    /** Where the Step 1 deadline came from: the student's own, the class's date in Settings, or the default rule. */
    step1DeadlineOrigin: 'student' | 'class' | 'default';
    /** True when the review date is a published one entered in Settings, false when derived (4th Wednesday rule). */
    reviewDatePublished: boolean;
    /** The dates between which CK_LATE is checked (both included). */
    ckLateWindow: { from: string; to: string };
  };
  /** Fields the rules needed but found blank, in words an advisor reads ("target specialty"). */
  missing: string[];
}

/** The signature every consumer (handlers, CLI, reports, screens) calls; implemented in flags.ts. */
export type EvaluateStudent = (snapshot: StudentSnapshot, ref: ReferenceData, asOf: string) => StudentEvaluation;
