/**
 * The program directory's part of the storage seam (issues 12 and 15): the directory as the
 * Specialties page lists it, a program's directory fields set by hand, and the two spreadsheet
 * imports that fill it and the outcomes memory (a program directory, the office's match list).
 * SQLite: db/program-directory.ts and import/ on the laptop's file; PostgreSQL:
 * store/postgres/directory.ts and store/postgres/table-import.ts (the same import rules).
 */
import type { ParsedTableImportInput, TableImportResult } from '../../shared/api/outcomes';
import type { DirectoryProgram, ProgramDirectoryFields } from '../../shared/domain';
import type { AuditContext } from '../db/audit';
import type { Db } from '../db/open';
import { getDirectoryProgram, listDirectoryPrograms, programsByCode, updateDirectoryProgram } from '../db/program-directory';
import { planDirectoryEdit, storedCode } from '../directory-edits';
import { importMatchList } from '../import/match-list';
import { importProgramDirectory } from '../import/program-directory';
import type { TableImportOptions } from '../import/table-import';

export interface ProgramDirectoryStore {
  /** Every program with its directory fields, by name (ASCII letters folded, as SQLite's NOCASE), then id; `specialtyId` narrows. */
  list(specialtyId?: number): Promise<DirectoryProgram[]>;
  /** Sets the directory fields (audited field by field): NOT_FOUND for no such program, CONFLICT for a code another program has. */
  setFields(id: number, fields: ProgramDirectoryFields, who: AuditContext): Promise<DirectoryProgram>;
  /**
   * A program directory spreadsheet (import/program-directory.ts) checked and written in one
   * transaction, audited as one batch, or nothing written (errors, a dry run, a cancel).
   */
  importPrograms(input: ParsedTableImportInput, options: TableImportOptions, actor: string): Promise<TableImportResult>;
  /** The office's match list (import/match-list.ts), as `importPrograms`. */
  importMatchList(input: ParsedTableImportInput, options: TableImportOptions, actor: string): Promise<TableImportResult>;
}

/** The directory on a laptop's file: what the handlers did before the seam, unchanged. */
export function sqliteDirectoryStore(db: Db): ProgramDirectoryStore {
  return {
    list: async (specialtyId) => listDirectoryPrograms(db).filter((p) => specialtyId === undefined || p.specialtyId === specialtyId),
    setFields: async (id, fields, who) =>
      db.transaction(() => {
        const before = getDirectoryProgram(db, id);
        const code = storedCode(fields.code);
        const after = planDirectoryEdit(id, before, fields, code === null ? undefined : programsByCode(db, [code]).get(code));
        updateDirectoryProgram(db, before!, after, who);
        return after;
      })(),
    importPrograms: (input, options, actor) => importProgramDirectory(db, actor, input, options),
    importMatchList: (input, options, actor) => importMatchList(db, actor, input, options),
  };
}
