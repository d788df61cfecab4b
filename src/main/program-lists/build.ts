/**
 * A student's program list as the screens, the CLI and the export show it: the student and their
 * CK from the store (as the flags read them), the school's memory from readOutcomesMemory
 * (consenting graduates only), the saved advisor's entries, and the rules in src/shared/outcomes.
 */
import { ApiError } from '../../shared/api/contract';
import type { ListSpecialty, ProgramListView } from '../../shared/api/program-lists';
import { localToday, LIST_TIERS, type ProgramListEntry, type SavedProgramList, type StudentSnapshot } from '../../shared/domain';
import { sameSpecialty } from '../../shared/outcomes/history';
import type { ListStudent, OutcomesMemory } from '../../shared/outcomes/memory';
import { buildProgramList } from '../../shared/outcomes/program-list';
import { allowanceNote } from '../../shared/outcomes/signals';
import { suggestApplications } from '../../shared/outcomes/suggestion';
import type { SpecialtyForList } from '../../shared/outcomes/tiers';
import { evaluateStudent } from '../../shared/rules/flags';
import type { ReferenceData } from '../../shared/rules/reference';
import { findSpecialty, specialtyKey, specialtyReference } from '../../shared/rules/specialties';
import { storeOf, type HandlerContext } from '../handlers/context';

/** How the tiers are read, printed with every list (README "How tiers are computed" says the same). */
export function methodNotes(memory: Pick<OutcomesMemory, 'settings'>): string[] {
  const { programEvidenceMinimum: min, suppressionThreshold: t } = memory.settings;
  return [
    'Eligibility first: a program that sponsors no visa (for an IMG, taken to need one), that does not accept COMLEX (for a US DO with no USMLE Step 2 CK taken or scheduled), or whose published Step 2 CK minimum is above the student\'s CK is "not eligible", never a tier. What the directory does not say is "not known", never a reason to exclude.',
    `Then the student's best passing Step 2 CK against the CK at application of the school's graduates who matched at the program, when at least ${min} have one; else of those who matched in the specialty at the school; else NRMP Charting Outcomes rows the office entered, or the specialty's reference CK. Percentile rank: the share of those scores below the student's, ties counted half. 75th or above: likely; 25th to under 75th: target; below the 25th: reach. From a reference median alone: at or above it target, below it reach, never likely.`,
    'Only graduates who agreed to share their outcomes are counted. Signals are notes on a line and never change its tier; an advisor\'s tier, pin, exclusion and note are shown as the advisor\'s, beside the computed tier.',
    `Suggested applications per tier come from the school's own interviews per application (each tier's rate once ${t} past applications have it, else the specialty's overall rate), towards the median interviews of graduates who matched; when the school's data is too thin there is no suggestion.`,
  ];
}

export function listStudent(snapshot: StudentSnapshot, ref: ReferenceData, asOf: string): ListStudent & { ckScore: number | null } {
  const evaluation = evaluateStudent(snapshot, ref, asOf);
  return {
    studentId: snapshot.student.id,
    applicantType: snapshot.student.applicantType,
    ckScore: evaluation.facts.ckScore,
    ckAttempted: snapshot.attempts.some((a) => a.exam === 'STEP2CK' && (a.testDate === null || a.testDate <= asOf || a.outcome === 'SCHEDULED')),
  };
}

export function specialtyForList(ref: ReferenceData, typed: string, asOf: string): SpecialtyForList {
  const row = findSpecialty(ref.specialties, typed);
  return { row, name: row?.name ?? typed.trim(), reference: row ? specialtyReference(ref, row, asOf) : null };
}

export interface ListInputs {
  snapshot: StudentSnapshot;
  ref: ReferenceData;
  which: ListSpecialty;
  asOf: string;
  specialty: SpecialtyForList;
  student: ListStudent;
  memory: OutcomesMemory;
  /** The advisor's saved list for this student and specialty, or null. */
  saved: SavedProgramList | null;
}

/** 'target' or 'backup' as asked, or the one of the two a specialty name means (through the specialty table's names and aliases). */
export function whichSpecialty(ref: ReferenceData, student: Pick<StudentSnapshot['student'], 'id' | 'targetSpecialty' | 'backupSpecialty'>, asked: string): ListSpecialty {
  const word = asked.trim().toLowerCase();
  if (word === 'target' || word === 'backup') return word;
  const same = (typed: string | null) => {
    if (!typed?.trim()) return false;
    const a = findSpecialty(ref.specialties, asked);
    const b = findSpecialty(ref.specialties, typed);
    return a !== null && b !== null ? a.id === b.id : specialtyKey(asked) === specialtyKey(typed);
  };
  if (same(student.targetSpecialty)) return 'target';
  if (same(student.backupSpecialty)) return 'backup';
  const said = (t: string | null) => (t?.trim() ? t.trim() : 'none recorded');
  throw new ApiError('REJECTED', `"${asked.trim()}" is neither student ${student.id}'s target specialty (${said(student.targetSpecialty)}) nor backup specialty (${said(student.backupSpecialty)}).`);
}

/** Reads everything a list needs; NOT_FOUND for an unknown student, REJECTED when the specialty is not recorded. */
export async function readListInputs(ctx: Pick<HandlerContext, 'db' | 'store'>, studentId: string, asked: string, asOfGiven?: string): Promise<ListInputs> {
  const store = storeOf(ctx);
  const snapshot = await store.snapshot(studentId);
  if (!snapshot) throw new ApiError('NOT_FOUND', `No student with ID ${studentId}`);
  const ref = await store.referenceData();
  const asOf = asOfGiven ?? localToday();
  const which = whichSpecialty(ref, snapshot.student, asked);
  const typed = which === 'target' ? snapshot.student.targetSpecialty : snapshot.student.backupSpecialty;
  if (!typed?.trim()) throw new ApiError('REJECTED', `Student ${studentId} has no ${which} specialty recorded: record one on the student page to build a ${which} list.`);
  const specialty = specialtyForList(ref, typed, asOf);
  return {
    snapshot,
    ref,
    which,
    asOf,
    specialty,
    student: listStudent(snapshot, ref, asOf),
    memory: { ...(await store.outcomes.readMemory()), specialties: ref.specialties },
    saved: await store.outcomes.programList(studentId, specialty.name),
  };
}

/** The list with the given entries applied (the saved ones, or those about to be saved). */
export function listView(inputs: ListInputs, entriesOverride?: readonly ProgramListEntry[]): ProgramListView {
  const { snapshot, specialty, memory, student, which, asOf, saved } = inputs;
  const built = buildProgramList(student, specialty, memory, entriesOverride ?? saved?.entries ?? []);
  const counts = Object.fromEntries(LIST_TIERS.map((t) => [t, 0])) as ProgramListView['counts'];
  counts.excluded = 0;
  counts.pinned = 0;
  for (const l of built.lines) {
    if (l.excluded) counts.excluded++;
    else counts[l.tier]++;
    if (l.pinned) counts.pinned++;
  }
  const s = snapshot.student;
  return {
    studentId: s.id,
    studentName: `${s.lastName}, ${s.firstName}`,
    which,
    specialty: specialty.name,
    specialtyKnown: specialty.row !== null,
    asOf,
    applicantType: s.applicantType,
    ckScore: student.ckScore,
    lines: built.lines,
    counts,
    suggestion: suggestApplications(built.history, specialty.name, { threshold: memory.settings.suppressionThreshold, minPastApplicants: memory.settings.programEvidenceMinimum }),
    signalAllowance: allowanceNote(memory.signals, (w) => sameSpecialty(memory.specialties, w, specialty.row, specialty.name), s.gradYear),
    saved: saved ? { version: saved.version, savedBy: saved.savedBy, savedAt: saved.savedAt } : null,
    orphanEntries: built.orphanEntries,
    method: methodNotes(memory),
  };
}
