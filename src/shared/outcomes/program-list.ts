/**
 * A student's program list for one specialty: every program in it with a line — eligibility first,
 * then the tier the evidence gives (tiers.ts) with its because-sentence, signals as an annotation —
 * and the advisor's saved changes (tier override, pin, exclude, note) applied on top and shown as
 * changes, never mixed into the computed line.
 */
import { LIST_TIER_LABELS, type EvidenceKind, type ListTier, type ProgramListEntry } from '../domain';
import { eligibility } from './eligibility';
import { specialtyHistory, type SpecialtyHistory } from './history';
import type { DirectoryProgram, ListStudent, OutcomesMemory } from './memory';
import { signalNote } from './signals';
import { readTier, type SpecialtyForList } from './tiers';

export interface ProgramLine {
  programId: number;
  name: string;
  code: string | null;
  city: string | null;
  state: string | null;
  kind: DirectoryProgram['kind'];
  positions: number | null;
  /** What the rules give. */
  computedTier: ListTier;
  /** What the list shows: the advisor's override where one applies, else the computed tier. */
  tier: ListTier;
  because: string;
  evidence: { kind: EvidenceKind | 'eligibility' | 'none'; label: string; n: number | null; years: string | null; percentile: number | null; source: string | null };
  eligible: boolean;
  /** Directory or student facts that could not be checked ("visa sponsorship not known"). */
  notKnown: string[];
  signals: string | null;
  pinned: boolean;
  excluded: boolean;
  annotation: string | null;
  /** The advisor's saved tier, even when it could not apply. */
  tierOverride: ProgramListEntry['tierOverride'];
  /** The advisor's change in words, or why it was not applied; null when there is none. */
  overrideNote: string | null;
}

/** The computed line, before any advisor's change. */
export function computeLine(student: ListStudent, program: DirectoryProgram, history: SpecialtyHistory, specialty: SpecialtyForList, memory: OutcomesMemory): Omit<ProgramLine, 'tier' | 'pinned' | 'excluded' | 'annotation' | 'tierOverride' | 'overrideNote'> {
  const base = { programId: program.id, name: program.name, code: program.code, city: program.city, state: program.state, kind: program.kind, positions: program.positions };
  const signals = signalNote(program, history);
  const e = eligibility(student, program);
  if (!e.eligible) {
    return {
      ...base,
      computedTier: 'not-eligible',
      because: `Not eligible: ${e.reasons.map((r) => r.text).join('; ')} (program directory).`,
      evidence: { kind: 'eligibility', label: 'program directory', n: null, years: null, percentile: null, source: 'program directory' },
      eligible: false,
      notKnown: e.unknown,
      signals,
    };
  }
  const notKnown = e.unknown.length ? ` Not known: ${e.unknown.join('; ')}.` : '';
  if (student.ckScore === null) {
    return {
      ...base,
      computedTier: 'no-evidence',
      because: `No evidence: no passing Step 2 CK score yet, so no tier is read.${notKnown}`,
      evidence: { kind: 'none', label: 'no CK score yet', n: null, years: null, percentile: null, source: null },
      eligible: true,
      notKnown: e.unknown,
      signals,
    };
  }
  const reading = readTier(student.ckScore, program, history, specialty, memory, { minPastApplicants: memory.settings.programEvidenceMinimum });
  if (!reading) {
    return {
      ...base,
      computedTier: 'no-evidence',
      because: `No evidence: no graduate of the school matched in ${specialty.name} with a CK recorded, and no national reference is entered for it.${notKnown}`,
      evidence: { kind: 'none', label: 'no evidence', n: null, years: null, percentile: null, source: null },
      eligible: true,
      notKnown: e.unknown,
      signals,
    };
  }
  return {
    ...base,
    computedTier: reading.tier,
    because: `${LIST_TIER_LABELS[reading.tier]}: ${reading.because}${notKnown}`,
    evidence: { ...reading.evidence },
    eligible: true,
    notKnown: e.unknown,
    signals,
  };
}

/** The advisor's saved change applied on top of a computed line. */
export function applyEntry(line: ReturnType<typeof computeLine>, entry: ProgramListEntry | undefined): ProgramLine {
  const override = entry?.tierOverride ?? null;
  let tier = line.computedTier;
  let overrideNote: string | null = null;
  if (override !== null) {
    if (line.computedTier === 'not-eligible') overrideNote = `Advisor's tier ${LIST_TIER_LABELS[override]} not applied: the program is not eligible.`;
    else if (override === line.computedTier) overrideNote = `Advisor confirmed ${LIST_TIER_LABELS[override]}.`;
    else {
      tier = override;
      overrideNote = `Advisor set ${LIST_TIER_LABELS[override]} (computed: ${LIST_TIER_LABELS[line.computedTier]}).`;
    }
  }
  return {
    ...line,
    tier,
    pinned: entry?.pinned ?? false,
    excluded: entry?.excluded ?? false,
    annotation: entry?.annotation ?? null,
    tierOverride: override,
    overrideNote,
  };
}

const TIER_ORDER: Record<ListTier, number> = { likely: 0, target: 1, reach: 2, 'no-evidence': 3, 'not-eligible': 4 };

/** List order: excluded programs last; then by tier (likely first, not eligible last), pinned first within a tier, then by name. */
export function compareLines(a: ProgramLine, b: ProgramLine): number {
  return (
    Number(a.excluded) - Number(b.excluded) ||
    TIER_ORDER[a.tier] - TIER_ORDER[b.tier] ||
    Number(b.pinned) - Number(a.pinned) ||
    a.name.localeCompare(b.name, 'en') ||
    a.programId - b.programId
  );
}

export interface BuiltList {
  lines: ProgramLine[];
  history: SpecialtyHistory;
  /** Saved entries for programs no longer in the specialty (kept, listed, not dropped silently). */
  orphanEntries: ProgramListEntry[];
}

/** Every program of the specialty with its line, the saved entries applied. */
export function buildProgramList(student: ListStudent, specialty: SpecialtyForList, memory: OutcomesMemory, entries: readonly ProgramListEntry[]): BuiltList {
  const history = specialtyHistory(memory, specialty.row, specialty.name, student.studentId);
  const programs = specialty.row ? memory.programs.filter((p) => p.specialtyId === specialty.row!.id) : [];
  const byId = new Map(entries.map((e) => [e.programId, e]));
  const lines = programs.map((p) => applyEntry(computeLine(student, p, history, specialty, memory), byId.get(p.id))).sort(compareLines);
  const ids = new Set(programs.map((p) => p.id));
  return { lines, history, orphanEntries: entries.filter((e) => !ids.has(e.programId)) };
}
