/** Small outcomes memories for the rules' tests: every row written out, nothing random. */
import type { MatchOutcome, NationalMatchRate, OutcomeApplication, ProgramListEntry } from '../../src/shared/domain';
import { defaultReferenceData } from '../../src/shared/rules/reference-defaults';
import { findSpecialty, specialtyReference } from '../../src/shared/rules/specialties';
import { DEFAULT_OUTCOME_SETTINGS, type DirectoryProgram, type ListStudent, type OutcomesMemory } from '../../src/shared/outcomes/memory';
import type { SpecialtyForList } from '../../src/shared/outcomes/tiers';

export const REF = defaultReferenceData();
export const DERM = findSpecialty(REF.specialties, 'Dermatology')!;
export const IM = findSpecialty(REF.specialties, 'Internal Medicine')!;

export function specialtyFor(name: string): SpecialtyForList {
  const row = findSpecialty(REF.specialties, name);
  return { row, name: row?.name ?? name, reference: row ? specialtyReference(REF, row, '2026-06-01') : null };
}

let nextId = 1;
export function outcome(over: Partial<MatchOutcome> & Pick<MatchOutcome, 'studentId'>): MatchOutcome {
  return {
    id: nextId++,
    season: 2024,
    specialty: 'Dermatology',
    applications: null,
    goldSignals: null,
    silverSignals: null,
    interviews: null,
    rankListLength: null,
    result: 'matched',
    matchedProgramCode: null,
    matchedProgramName: null,
    ckAtApplication: null,
    comlexAtApplication: null,
    note: null,
    ...over,
  };
}

/** `n` graduates matched at `code` with the given CK scores, seasons cycling from `firstSeason`. */
export function matchedAt(code: string, scores: readonly number[], firstSeason = 2022, specialty = 'Dermatology'): MatchOutcome[] {
  return scores.map((ck, i) => outcome({ studentId: `G-${code}-${i}`, season: firstSeason + (i % 4), specialty, matchedProgramCode: code, ckAtApplication: ck }));
}

export function program(over: Partial<DirectoryProgram> & Pick<DirectoryProgram, 'id' | 'name'>): DirectoryProgram {
  return { specialtyId: DERM.id, city: null, state: null, kind: null, stepCkMinimum: null, note: null, code: null, positions: null, visa: null, comlexAccepted: null, ...over };
}

export function memory(over: Partial<OutcomesMemory> = {}): OutcomesMemory {
  return { programs: [], outcomes: [], applications: [], signals: [], nationalRates: [], specialties: REF.specialties, settings: DEFAULT_OUTCOME_SETTINGS, ...over };
}

export function student(over: Partial<ListStudent> = {}): ListStudent {
  return { studentId: 'S-1', applicantType: 'US_MD', ckScore: 250, ckAttempted: true, ...over };
}

let nextApplication = 1;
export function application(outcomeId: number, programCode: string, over: Partial<OutcomeApplication> = {}): OutcomeApplication {
  return { id: nextApplication++, outcomeId, programCode, signal: null, interviewOffered: null, ...over };
}

export function entry(programId: number, over: Partial<ProgramListEntry> = {}): ProgramListEntry {
  return { programId, tierOverride: null, pinned: false, excluded: false, annotation: null, ...over };
}

export function rate(ckFrom: number | null, ckTo: number | null, matchRatePercent: number, n: number, over: Partial<NationalMatchRate> = {}): NationalMatchRate {
  return { specialty: 'Dermatology', year: 2024, ckFrom, ckTo, matchRatePercent, n, source: 'NRMP Charting Outcomes 2024, Table 5', ...over };
}
