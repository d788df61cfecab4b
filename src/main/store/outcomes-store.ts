/**
 * The outcomes memory's part of the storage seam (issue 15): one interface, one implementation per
 * engine (SQLite: db/outcomes-memory.ts and db/program-lists.ts; PostgreSQL: store/postgres/outcomes.ts).
 */
import type { StudentOutcomes } from '../../shared/api/outcomes';
import type { MatchOutcome, MatchOutcomeInput, OutcomeApplication, OutcomeApplicationInput, OutcomeConsent, OutcomesMemory, ProgramListEntry, SavedProgramList } from '../../shared/domain';
import type { AuditContext } from '../db/audit';
import {
  deleteApplication,
  deleteOutcome,
  getApplication,
  getConsent,
  getOutcome,
  insertOutcome,
  listApplications,
  listStudentOutcomes,
  setConsent,
  updateOutcome,
  upsertApplication,
  type StoredOutcome,
} from '../db/match-outcomes';
import type { Db } from '../db/open';
import { readOutcomesMemory, type OutcomesMemoryFilter } from '../db/outcomes-memory';
import { getProgramList, saveProgramList, type SaveListResult } from '../db/program-lists';

export type { OutcomesMemoryFilter, SaveListResult, StoredOutcome };

/** A graduate, season and specialty already recorded (the natural key of an outcome). */
export class DuplicateOutcome extends Error {
  constructor() {
    super('already recorded');
    this.name = 'DuplicateOutcome';
  }
}

export interface OutcomesStore {
  /**
   * Everything the outcome computations read (src/shared/outcomes/): programs with their directory
   * fields, consenting students' outcomes and per-program applications, signal allowances,
   * national match rates and the three settings, read in one snapshot.
   */
  readMemory(filter?: OutcomesMemoryFilter): Promise<OutcomesMemory>;
  /** The student's saved list for the specialty (matched case-insensitively), or null. */
  programList(studentId: string, specialty: string): Promise<SavedProgramList | null>;
  /**
   * Saves the advisor's entries in one audited transaction if the stored list is still at
   * `expectedVersion` (null: the caller saw no saved list; undefined: any). A stale save writes
   * nothing and returns the list as it now stands (the handler's CONFLICT names who saved it, when).
   */
  saveProgramList(studentId: string, specialty: string, entries: readonly ProgramListEntry[], expectedVersion: number | null | undefined, who: AuditContext): Promise<SaveListResult>;

  /** A student's outcomes (every one, consenting or not: the student page is not an aggregate), their applications, and their consent. */
  studentOutcomes(studentId: string): Promise<StudentOutcomes>;
  outcome(id: number): Promise<StoredOutcome | null>;
  /** Throws DuplicateOutcome when the graduate's season in that specialty is already recorded. Audited. */
  addOutcome(outcome: MatchOutcomeInput, who: AuditContext): Promise<MatchOutcome>;
  /** Saves if the row is still at `version`: 'stale' (nothing written) when it moved on, null when there is no such outcome. Audited field by field. */
  updateOutcome(id: number, version: number, outcome: MatchOutcomeInput, who: AuditContext): Promise<MatchOutcome | 'stale' | null>;
  removeOutcome(id: number, who: AuditContext): Promise<boolean>;
  /** Adds or changes one program of an outcome's applications; the outcome's applications after, or null when there is no such outcome. */
  setApplication(application: OutcomeApplicationInput, who: AuditContext): Promise<OutcomeApplication[] | null>;
  removeApplication(id: number, who: AuditContext): Promise<boolean>;
  /** Records a student's consent (or a change of mind): only 'yes' counts in any aggregate. */
  setConsent(consent: OutcomeConsent, who: AuditContext): Promise<OutcomeConsent & { version: number }>;
}

const withoutVersion = ({ version: _v, ...o }: StoredOutcome): MatchOutcome => o;

export function sqliteOutcomesStore(db: Db): OutcomesStore {
  return {
    readMemory: async (filter) => readOutcomesMemory(db, filter),
    programList: async (studentId, specialty) => getProgramList(db, studentId, specialty),
    saveProgramList: async (studentId, specialty, entries, expectedVersion, who) =>
      db.transaction(() => saveProgramList(db, studentId, specialty, entries, expectedVersion, who)).immediate(),
    studentOutcomes: async (studentId) => ({
      studentId,
      consent: getConsent(db, studentId),
      outcomes: listStudentOutcomes(db, studentId).map((o) => ({ ...o, applicationList: listApplications(db, o.id) })),
    }),
    outcome: async (id) => getOutcome(db, id),
    addOutcome: async (outcome, who) => {
      try {
        return db.transaction(() => insertOutcome(db, outcome, who, null))();
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateOutcome();
        throw err;
      }
    },
    updateOutcome: async (id, version, outcome, who) => {
      try {
        return db.transaction(() => {
          const before = getOutcome(db, id);
          if (!before) return null;
          if (before.version !== version) return 'stale' as const;
          updateOutcome(db, withoutVersion(before), outcome, who);
          return { ...outcome, id };
        })();
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new DuplicateOutcome();
        throw err;
      }
    },
    removeOutcome: async (id, who) =>
      db.transaction(() => {
        const before = getOutcome(db, id);
        if (before) deleteOutcome(db, withoutVersion(before), who);
        return before !== null;
      })(),
    setApplication: async (application, who) =>
      db.transaction(() => {
        if (!getOutcome(db, application.outcomeId)) return null;
        upsertApplication(db, application, who);
        return listApplications(db, application.outcomeId);
      })(),
    removeApplication: async (id, who) =>
      db.transaction(() => {
        const before = getApplication(db, id);
        if (before) deleteApplication(db, before, who);
        return before !== null;
      })(),
    setConsent: async (consent, who) =>
      db.transaction(() => {
        setConsent(db, consent, who, null);
        return getConsent(db, consent.studentId)!;
      })(),
  };
}
