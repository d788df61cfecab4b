/**
 * The storage seam (ARCHITECTURE.md): the one interface through which the rest of Stepwise reaches
 * a database, with one implementation per engine — SQLite on a laptop (store/sqlite), PostgreSQL for
 * an office (store/postgres). Rules, handlers, the CLI and the reports see only this; SQL and driver
 * types stay behind it. It grows a domain at a time: what is not on it yet is still reached through
 * the SQLite handle (`HandlerContext.db`), which an office session does not have (see officeOnly).
 */
import type { CkBySpecialtyRow, CkTimelineMonth, DashboardOptions, FollowUp, RiskByClassRow } from '../../shared/api/dashboard';
import type { ImportPreview, ImportResult, ParsedImportInput } from '../../shared/api/import';
import type { BulkResult } from '../../shared/api/roster';
import type { SavedFilter } from '../../shared/api/saved-filters';
import type { AuditFacets, AuditPage, ParsedAuditQuery } from '../../shared/api/audit';
import type { ParsedRosterQuery, RosterPage, RosterRow } from '../../shared/api/students';
import type { ImportRunOptions } from '../import/run';
import type {
  ActionItem,
  ActionItemInput,
  AdvisingNote,
  AdvisingNoteInput,
  ExamAttempt,
  ExamAttemptInput,
  Flag,
  FlagAcknowledgement,
  FlagCode,
  LapseReason,
  PracticeExam,
  NationalMatchRate,
  PracticeExamInput,
  Program,
  Setting,
  SignalAllowance,
  Specialty,
  Student,
  StudentSnapshot,
} from '../../shared/domain';
import type { AcknowledgementFacts } from '../db/acknowledgements';
import type { Enrolment, EnrolmentChange, ParsedEnrolmentChange } from '../../shared/domain/enrolment';
import type { AuditContext } from '../db/audit';
import type { Db } from '../db/open';
import type { PreferenceKey } from '../db/preferences';
import type { NewSetting, SettingPatch, SpecialtyFields } from '../reference-edits';
import type { ChecklistTicks } from '../db/checklist';
import type { AtRiskRow, ClassTimelineCounts, CountsRow } from '../db/dashboard';
import type { RosterFilterFields } from '../db/roster';
import type { ReferenceData } from '../../shared/rules/reference';
import type { SnapshotFilter } from '../db/cohort-snapshots';
import type { OutcomesStore } from './outcomes-store';
import type { ProgramDirectoryStore } from './directory-store';

export type { AcknowledgementFacts, AtRiskRow, ChecklistTicks, ClassTimelineCounts, CountsRow, RosterFilterFields, SnapshotFilter };

/** Who changed a record last, and when, from the audit log (for "changed by NAME at TIME"). */
export interface LastChange {
  actor: string;
  at: string;
}

/** A save refused because the row moved on since the version the person read: nothing was written. */
export interface StaleSave {
  stale: true;
  current: Student;
  version: number;
  lastChange: LastChange | null;
}

/** A committed change: which table, and who made it (the database's login). */
export interface StoreChange {
  table: string;
  by: string;
}

/**
 * Why a new student's ID cannot be added: a student holds it, or students hold IDs that differ from
 * it only in leading zeros (00123 and 123), which an import reads as one student.
 */
export type HeldId = { kind: 'same'; name: string } | { kind: 'digits'; holders: { id: string; name: string }[] };

export interface StudentStore {
  /** The row's version (bumped on every update, by any writer), or null when there is no such student. */
  version(id: string): Promise<number | null>;
  /**
   * Adds a student entered by hand, audited with `who`. The ID is checked inside the write
   * transaction, so two people adding the same ID at once cannot both succeed; when it is held
   * (see HeldId) nothing is written and the holder is returned.
   */
  add(student: Student, who: AuditContext): Promise<HeldId | null>;
  /**
   * Saves what `change` makes of the current record, in one transaction, audited with `who`, if the
   * row is still at `expectedVersion` (any version when it is omitted). `change` may throw to refuse.
   */
  update(id: string, change: (current: Student) => Student, expectedVersion: number | undefined, who: AuditContext): Promise<{ stale: false } | StaleSave | null>;
}

/** A student's exam records (attempts, practice exams): one shape for both, each write one audited transaction. */
export interface RecordStore<T extends { id: number; studentId: string }, Input> {
  get(id: number): Promise<T | null>;
  /** Throws `DuplicateRecord` when the record is already there (a practice exam's form and date). */
  add(input: Input, who: AuditContext, source?: string | null): Promise<T>;
  update(before: T, after: T, who: AuditContext): Promise<void>;
  remove(id: number, who: AuditContext): Promise<boolean>;
}

/** The record exists already (its natural key: a practice exam's student, exam, form and date). */
export class DuplicateRecord extends Error {
  constructor() {
    super('already recorded');
    this.name = 'DuplicateRecord';
  }
}

/** Enrolment status history and archiving (migration 0007); each write one audited transaction. */
export interface EnrolmentStore {
  /** The student's enrolment, or null when there is no such student (or the session may not see them). */
  read(studentId: string): Promise<Enrolment | null>;
  change(id: number): Promise<EnrolmentChange | null>;
  addChange(change: ParsedEnrolmentChange, who: AuditContext): Promise<EnrolmentChange>;
  /** Removes a change recorded in error. */
  removeChange(before: EnrolmentChange, who: AuditContext): Promise<void>;
  /** Archives or restores a student; false when they already were so (nothing written). */
  setArchived(studentId: string, archived: boolean, who: AuditContext): Promise<boolean>;
}

export type NoteHead = Omit<AdvisingNote, 'actionItems'>;

/** Advising notes and their action items; each write one audited transaction (who marks a follow-up or item done, and when, is kept). */
export interface NotesStore {
  /** A student's notes, newest first, each with its action items in the order they were written. */
  list(studentId: string): Promise<AdvisingNote[]>;
  get(id: number): Promise<NoteHead | null>;
  add(note: AdvisingNoteInput, who: AuditContext): Promise<void>;
  /** Text and follow-up date; a follow-up moved to another date is open again. */
  update(before: NoteHead, after: { body: string; followUpDate: string | null }, who: AuditContext): Promise<void>;
  setFollowUpDone(before: NoteHead, done: boolean, who: AuditContext): Promise<void>;
  remove(id: number, who: AuditContext): Promise<void>;
  item(id: number): Promise<ActionItem | null>;
  addItem(noteId: number, item: ActionItemInput, who: AuditContext): Promise<void>;
  setItemDone(before: ActionItem, done: boolean, who: AuditContext): Promise<void>;
  removeItem(before: ActionItem, who: AuditContext): Promise<void>;
}

/**
 * The whole cohort evaluated as of one date (every student's risk, flags and exam status), and the
 * dashboard's aggregations over it. SQLite keeps it in the connection's cohort index
 * (db/cohort-index.ts) and aggregates in SQL; an office database keeps it in memory
 * (store/dashboard-memory.ts) with the same results. Filters are the dashboard's, the target
 * specialty already resolved (`DashboardStore.resolveFilter`).
 */
export interface CohortStatus {
  readonly asOf: string;
  /** A student's flags as of the date, most severe first ([] for none). */
  flagsOf(studentId: string): Flag[];
  counts(filter: RosterFilterFields): CountsRow;
  failureFlagCounts<C extends string>(filter: RosterFilterFields, codes: readonly C[]): Record<C, number>;
  riskByClass(filter: RosterFilterFields): RiskByClassRow[];
  ckBySpecialty(filter: RosterFilterFields): Omit<CkBySpecialtyRow, 'referenceSource'>[];
  classesPresent(filter: RosterFilterFields): number[];
  classTimeline(filter: RosterFilterFields, gradYear: number, ckSafeDate: string): { counts: ClassTimelineCounts; months: CkTimelineMonth[] };
  atRisk(filter: RosterFilterFields, offset: number, limit: number): { total: number; rows: AtRiskRow[] };
  /** The view's students with a critical or high flag. */
  urgentStudentIds(filter: RosterFilterFields): string[];
}

export interface DashboardStore {
  /** The cohort evaluated as of the date: built once per date and data version, reused until anything changes. */
  cohortStatus(asOf: string): Promise<CohortStatus>;
  /** A filter with its target specialty resolved to the stored spellings the rules match ("Derm" = "Dermatology"). */
  resolveFilter<F extends { targetSpecialty?: string }>(filter: F): Promise<Omit<F, 'targetSpecialty'> & { targetVariants?: string[] }>;
  /** The values the filters offer (classes, advisors, targets). */
  options(): Promise<DashboardOptions>;
  /** Open follow-ups and action items due by `until` (overdue ones stay), soonest first. */
  followUps(filter: RosterFilterFields, asOf: string, until: string, limit: number): Promise<FollowUp[]>;
  /** The view's practice exams of one kind with a score taken within [from, to], as [student ID, day, score]. */
  practiceScores(filter: RosterFilterFields, asOf: string, exam: string, from: string, to: string): Promise<[string, string, number][]>;
}

/** Flag acknowledgements (RULES.md §4): one per student and flag; every write audited. */
export interface AcknowledgementStore {
  list(studentId: string): Promise<FlagAcknowledgement[]>;
  byStudent(studentIds: readonly string[]): Promise<Map<string, FlagAcknowledgement[]>>;
  get(studentId: string, code: FlagCode): Promise<FlagAcknowledgement | null>;
  /** Acknowledges (or acknowledges again, replacing the note) a flag as it reads now. */
  acknowledge(facts: AcknowledgementFacts, who: AuditContext): Promise<void>;
  withdraw(before: FlagAcknowledgement, who: AuditContext): Promise<void>;
  /**
   * Records, once each, lapses seen as of today. A session whose role may not write them (a dean on
   * an office database) records nothing: the lapse is still shown, computed from the facts.
   */
  recordLapses(lapses: readonly { ack: FlagAcknowledgement; reason: LapseReason }[], who: AuditContext, now: string): Promise<void>;
}

/** The advising guide's checklist ticks, kept on the student's row. */
export interface ChecklistStore {
  /** The student's ticks, or null when there is no such student (or the session may not see them). */
  read(studentId: string): Promise<ChecklistTicks | null>;
  /** Ticks or unticks one item (audited); false when it already was so. */
  tick(studentId: string, itemId: string, done: boolean, who: AuditContext): Promise<boolean>;
}

/** A roster view without paging: its filters and order (src/shared/api/students.ts RosterQuery). */
export type RosterView = Omit<ParsedRosterQuery, 'offset' | 'limit'>;

/** The roster's selection: every row of a view, and changes to many students at once (one transaction each, all or nothing). */
export interface RosterSelectionStore {
  /** Every row of a view, in its order; with `ids`, exactly those students in the view's order (an ID that is no student: NOT_FOUND, naming it). */
  rows(view: RosterView, ids?: readonly string[]): Promise<{ asOf: string; rows: RosterRow[] }>;
  ids(view: RosterView): Promise<{ asOf: string; ids: string[] }>;
  /** Each student's advisor set (audited per student); NOT_FOUND naming IDs that are no student, nothing changed then. */
  assignAdvisor(ids: readonly string[], advisor: string | null, who: AuditContext): Promise<BulkResult>;
  /** The same note, signed and stamped alike, on each student's page. */
  addNote(ids: readonly string[], note: { body: string; followUpDate: string | null }, who: AuditContext): Promise<BulkResult>;
}

/** Edits of the reference facts and the office's preferences (reference-edits.ts decides; every write audited). */
export interface ReferenceEditStore {
  updateSetting(key: string, effectiveFrom: string | null, patch: SettingPatch, who: AuditContext): Promise<Setting>;
  addSetting(input: NewSetting, who: AuditContext): Promise<Setting>;
  removeSetting(key: string, effectiveFrom: string | null, who: AuditContext): Promise<Setting>;
  addSpecialty(input: SpecialtyFields, who: AuditContext): Promise<Specialty>;
  updateSpecialty(id: number, patch: Partial<SpecialtyFields>, who: AuditContext): Promise<Specialty>;
  removeSpecialty(id: number, who: AuditContext): Promise<Specialty>;
  /** A preference (db/preferences.ts) set: false when it already had that value. */
  setPreference(key: PreferenceKey, value: string, who: AuditContext): Promise<boolean>;
  /** A new random pseudonym key for de-identified reports (neither value ever logged). */
  replacePseudonymKey(who: AuditContext): Promise<{ replacedAt: string }>;
}

/** The roster's named filter sets, shared by the office; every write audited. */
export interface SavedFilterStore {
  /** By name, case-insensitively (ASCII letters fold, as SQLite's NOCASE). A stored filter that no longer parses is left out. */
  list(): Promise<SavedFilter[]>;
  /** Saves under `name` (names compare exactly, as typed), replacing a set of that name. */
  save(name: string, filter: SavedFilter['filter'], who: AuditContext): Promise<void>;
  /** False when there is no such set. */
  remove(id: number, who: AuditContext): Promise<boolean>;
}

/** The programs the office tracks per specialty (Specialties page); every write audited. */
export interface ProgramStore {
  /** By name (ASCII letters folded, as SQLite's NOCASE), then id; `specialtyId` narrows (null: programs with no specialty). */
  list(specialtyId?: number | null): Promise<Program[]>;
  /** Adds a program; CONFLICT when it is listed already (same name and city in the specialty), NOT_FOUND-like INVALID_INPUT for an unknown specialty. */
  add(p: Omit<Program, 'id'>, who: AuditContext): Promise<Program>;
  update(id: number, p: Omit<Program, 'id'>, who: AuditContext): Promise<Program>;
  remove(id: number, who: AuditContext): Promise<void>;
}

/** A small edited table whose rows carry a version (a stale save changes nothing); each write audited. */
export interface VersionedTable<T> {
  list(): Promise<(T & { id: number; version: number })[]>;
  /** Throws DuplicateRecord when the row's natural key is taken. */
  add(value: T, who: AuditContext): Promise<T & { id: number; version: number }>;
  /** 'stale' when the row moved on since `version`; null when there is no such row. Throws DuplicateRecord as `add` does. */
  update(id: number, version: number, value: T, who: AuditContext): Promise<(T & { id: number; version: number }) | 'stale' | null>;
  remove(id: number, who: AuditContext): Promise<boolean>;
}

/** The outcomes memory's reference tables (migration 0008): ERAS signal allowances, national match rates. */
export interface OutcomeReferenceStore {
  signals: VersionedTable<SignalAllowance>;
  nationalRates: VersionedTable<NationalMatchRate>;
}

/** The audit log's viewer (Settings → Audit log, a student's history). */
export interface AuditStore {
  search(q: ParsedAuditQuery): Promise<AuditPage>;
  facets(): Promise<AuditFacets>;
}

/** A SQLite database to make the committee workbook from (db/ readers), and what to do when done with it. */
export interface ReportSource {
  db: Db;
  /** Done with it: resolves once what it held (a snapshot's transaction and file) is given back. */
  release(): Promise<void>;
}

export interface Store {
  readonly engine: 'sqlite' | 'postgres';
  selection: RosterSelectionStore;
  /**
   * What the committee workbook is read from: the laptop's own file; for an office database, its
   * records as of one moment in a private file (store/postgres/snapshot.ts), deleted on release.
   * `asOf` is the report's date (default today): an office database copies only what a report of
   * that date reads (of the practice exams, those of the readiness window).
   */
  reportSource(asOf?: string): Promise<ReportSource>;
  reference: ReferenceEditStore;
  savedFilters: SavedFilterStore;
  audit: AuditStore;
  programs: ProgramStore;
  outcomeReference: OutcomeReferenceStore;
  students: StudentStore;
  /** How many students the session can see. */
  countStudents(): Promise<number>;
  /**
   * A roster file previewed (everything a commit would do, undone) or committed in one transaction:
   * the same rules, counts and located errors on both engines (src/main/import).
   */
  importRoster(mode: 'preview', input: ParsedImportInput, options: ImportRunOptions, actor: string): Promise<ImportPreview>;
  importRoster(mode: 'commit', input: ParsedImportInput, options: ImportRunOptions, actor: string): Promise<ImportResult>;
  dashboard: DashboardStore;
  acknowledgements: AcknowledgementStore;
  checklist: ChecklistStore;
  notes: NotesStore;
  enrolment: EnrolmentStore;
  /** The school's outcomes memory and saved program lists (issue 15). */
  outcomes: OutcomesStore;
  /** The program directory (list, fields set by hand) and its two imports: a program directory, a match list (issues 12 and 15). */
  directory: ProgramDirectoryStore;
  attempts: RecordStore<ExamAttempt, ExamAttemptInput>;
  practice: RecordStore<PracticeExam, PracticeExamInput>;
  /**
   * Every matching student's snapshot, in Student ID order, a chunk at a time: the one whole-cohort
   * reader (flags, dashboard, roster and reports read the cohort through it). A caller that
   * evaluates a chunk and lets it go keeps only its results alive.
   */
  readCohort(filter?: SnapshotFilter, chunkSize?: number): AsyncIterable<StudentSnapshot[]>;
  /** One page of the roster: each student's risk, flags and exam status as of the query's date, filtered and sorted. */
  roster(query: ParsedRosterQuery): Promise<RosterPage>;
  /** One student with their attempts and practice exams in the student page's order, or null. */
  snapshot(studentId: string): Promise<StudentSnapshot | null>;
  /**
   * Calls `listener` after each change anyone commits (an office database announces every change to
   * every session: LISTEN/NOTIFY); returns the unsubscribe function. A laptop's file has one user:
   * nothing to announce.
   */
  onChange(listener: (change: StoreChange) => void): () => void;
  /** The office's reference facts, as the rules read them (never the pseudonym key). */
  referenceData(): Promise<ReferenceData>;
  close(): Promise<void>;
}
