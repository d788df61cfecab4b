/**
 * The school's history in one specialty, indexed once per list: which past graduates applied in the
 * specialty, who matched where with which CK, and the per-program applications with their signals
 * and interviews. The student the list is for is left out of their own evidence (a re-applicant's
 * earlier season is not evidence about them).
 */
import type { MatchOutcome, Specialty } from '../domain';
import { findSpecialty, specialtyKey } from '../rules/specialties';
import type { OutcomesMemory, PastApplication } from './memory';

export interface SpecialtyHistory {
  /** Every outcome row in the specialty (all results), the student's own left out. */
  outcomes: MatchOutcome[];
  /** Graduates matched in the Main Match in the specialty with a CK at application. */
  matchedWithCk: MatchOutcome[];
  /** Of those, by the matched program's code. */
  matchedByProgram: Map<string, MatchOutcome[]>;
  /** Per-program applications of the specialty's outcomes, by program code. */
  applicationsByProgram: Map<string, { application: PastApplication; outcome: MatchOutcome }[]>;
}

/** True when an outcome's specialty, as the office wrote it, is the specialty asked for (aliases resolved). */
export function sameSpecialty(specialties: readonly Specialty[], written: string, wanted: Specialty | null, wantedName: string): boolean {
  const row = findSpecialty(specialties, written);
  if (wanted) return row !== null && row.id === wanted.id;
  return row === null && specialtyKey(written) === specialtyKey(wantedName);
}

export function specialtyHistory(memory: OutcomesMemory, specialty: Specialty | null, name: string, excludeStudentId: string | null): SpecialtyHistory {
  const outcomes = memory.outcomes.filter((o) => o.studentId !== excludeStudentId && sameSpecialty(memory.specialties, o.specialty, specialty, name));
  const matchedWithCk = outcomes.filter((o) => o.result === 'matched' && o.ckAtApplication !== null);
  const matchedByProgram = new Map<string, MatchOutcome[]>();
  for (const o of matchedWithCk) {
    if (o.matchedProgramCode === null) continue;
    const list = matchedByProgram.get(o.matchedProgramCode) ?? [];
    list.push(o);
    matchedByProgram.set(o.matchedProgramCode, list);
  }
  const byId = new Map(outcomes.map((o) => [o.id, o]));
  const applicationsByProgram = new Map<string, { application: PastApplication; outcome: MatchOutcome }[]>();
  for (const a of memory.applications) {
    const outcome = byId.get(a.outcomeId);
    if (!outcome) continue;
    const list = applicationsByProgram.get(a.programCode) ?? [];
    list.push({ application: a, outcome });
    applicationsByProgram.set(a.programCode, list);
  }
  return { outcomes, matchedWithCk, matchedByProgram, applicationsByProgram };
}

export const ckOf = (outcomes: readonly MatchOutcome[]) => outcomes.map((o) => o.ckAtApplication!);
