/**
 * What the rules in this folder read: the school's outcomes memory as plain arrays (loaded by the
 * storage layer, consenting students only) and the student a list is built for. Nothing here reads
 * a database; every number the rules use arrives in these shapes.
 */
import type { ApplicantType, MatchOutcome, NationalMatchRate, OutcomeApplicationInput, Program, ProgramDirectoryFields, SignalAllowance, Specialty } from '../domain';

/** A program as the list builder sees it: the hand-kept fields plus what the directory adds. */
export type DirectoryProgram = Program & ProgramDirectoryFields;

/** One program a graduate applied to (detail a match list may lack). */
export type PastApplication = OutcomeApplicationInput;

export interface OutcomeSettings {
  /**
   * CK band boundaries, ascending: [230, 240, 250, 260] makes the bands < 230, 230–239, 240–249,
   * 250–259 and ≥ 260 (each boundary is the first score of the band above it).
   */
  ckBands: readonly number[];
  /** A count under this is never shown (default 10). */
  suppressionThreshold: number;
  /** Past graduates with a CK at application needed before a distribution is read (default 5). */
  minPastApplicants: number;
}

export const DEFAULT_OUTCOME_SETTINGS: OutcomeSettings = { ckBands: [230, 240, 250, 260], suppressionThreshold: 10, minPastApplicants: 5 };

/**
 * The school's memory. `outcomes` and `applications` hold consenting students only: the storage
 * reader leaves everyone else out before anything here runs (NRMP lets applicants keep their
 * applications, interviews and ranks confidential).
 */
export interface OutcomesMemory {
  programs: readonly DirectoryProgram[];
  outcomes: readonly MatchOutcome[];
  applications: readonly PastApplication[];
  signalAllowances: readonly SignalAllowance[];
  nationalRates: readonly NationalMatchRate[];
  specialties: readonly Specialty[];
  settings: OutcomeSettings;
}

/** The facts about the student a list is built for. */
export interface ListStudent {
  studentId: string;
  applicantType: ApplicantType | null;
  /** The best passing USMLE Step 2 CK score (as the flags read it); null when there is none yet. */
  ckScore: number | null;
  /** Any USMLE Step 2 CK attempt taken, pending or scheduled: a DO with one is not COMLEX-only. */
  ckAttempted: boolean;
}

/** "2022–2025", or "2024" for one season. */
export function seasonRange(seasons: Iterable<number>): string {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of seasons) {
    if (s < lo) lo = s;
    if (s > hi) hi = s;
  }
  if (lo === Infinity) return 'no seasons';
  return lo === hi ? String(lo) : `${lo}–${hi}`;
}
