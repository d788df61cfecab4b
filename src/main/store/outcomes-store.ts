/**
 * The outcomes memory's part of the storage seam (issue 15): one interface, one implementation per
 * engine (SQLite: db/outcomes-memory.ts and db/program-lists.ts; PostgreSQL: store/postgres/outcomes.ts).
 */
import type { OutcomesMemory, ProgramListEntry, SavedProgramList } from '../../shared/domain';
import type { AuditContext } from '../db/audit';
import type { Db } from '../db/open';
import { readOutcomesMemory, type OutcomesMemoryFilter } from '../db/outcomes-memory';
import { getProgramList, saveProgramList, type SaveListResult } from '../db/program-lists';

export type { OutcomesMemoryFilter, SaveListResult };

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
}

export function sqliteOutcomesStore(db: Db): OutcomesStore {
  return {
    readMemory: async (filter) => readOutcomesMemory(db, filter),
    programList: async (studentId, specialty) => getProgramList(db, studentId, specialty),
    saveProgramList: async (studentId, specialty, entries, expectedVersion, who) =>
      db.transaction(() => saveProgramList(db, studentId, specialty, entries, expectedVersion, who)).immediate(),
  };
}
