/**
 * What the rules in this folder read: the school's outcomes memory as plain arrays (loaded by the
 * storage layer, consenting students only) and the student a list is built for. Nothing here reads
 * a database; every number the rules use arrives in these shapes.
 */
import type { ApplicantType, DirectoryProgram, OutcomeApplicationInput, OutcomesMemory as StoredMemory, OutcomesSettings, Specialty } from '../domain';

export type { DirectoryProgram };

/** One program a graduate applied to (detail a match list may lack). */
export type PastApplication = OutcomeApplicationInput;

/**
 * Band edges (ckBands: [230, 240, 250, 260] = under 230, 230–239, 240–249, 250–259, 260 or more),
 * the suppression threshold (10), and `programEvidenceMinimum` (5): past graduates with a CK at
 * application needed before a distribution is read.
 */
export type OutcomeSettings = OutcomesSettings;

export const DEFAULT_OUTCOME_SETTINGS: OutcomeSettings = { ckBands: [230, 240, 250, 260], suppressionThreshold: 10, blockSeasons: 3, programEvidenceMinimum: 5 };

/**
 * The school's memory as the storage reader gives it (readOutcomesMemory), with the specialty table
 * the names are matched through. `outcomes` and `applications` hold consenting students only: the
 * reader leaves everyone else out before anything here runs (NRMP lets applicants keep their
 * applications, interviews and ranks confidential).
 */
export type OutcomesMemory = StoredMemory & { specialties: readonly Specialty[] };

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
