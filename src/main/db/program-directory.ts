/**
 * Programs with the directory's fields (migration 0008): read by code for the directory import,
 * written field by field with the audit as every program edit (db/programs.ts writes the rest).
 */
import type { DirectoryProgram } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import { DIRECTORY_COLUMNS, programFromRow, type ProgramRow } from './outcomes-memory';
import { statement } from './import-queries';
import type { Db } from './open';

export type NewDirectoryProgram = Omit<DirectoryProgram, 'id'>;

/** Every program, with its directory fields, by name. */
export function listDirectoryPrograms(db: Db): DirectoryProgram[] {
  return (statement(db, `SELECT ${DIRECTORY_COLUMNS} FROM programs p ORDER BY p.name COLLATE NOCASE, p.id`).all() as ProgramRow[]).map(programFromRow);
}

export function getDirectoryProgram(db: Db, id: number): DirectoryProgram | null {
  const row = statement(db, `SELECT ${DIRECTORY_COLUMNS} FROM programs p WHERE p.id = ?`).get(id) as ProgramRow | undefined;
  return row ? programFromRow(row) : null;
}

/** Programs by their code (codes are kept upper case). */
export function programsByCode(db: Db, codes: readonly string[]): Map<string, DirectoryProgram> {
  const found = new Map<string, DirectoryProgram>();
  const stmt = statement(db, `SELECT ${DIRECTORY_COLUMNS} FROM programs p WHERE p.code = ?`);
  for (const code of new Set(codes)) {
    const row = stmt.get(code) as ProgramRow | undefined;
    if (row) found.set(code, programFromRow(row));
  }
  return found;
}

const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);

/**
 * Adds a program. With an import batch it is stamped with it (the batch's audit row accounts for it,
 * as for imported students); without, one audit row says what was added.
 */
export function insertDirectoryProgram(db: Db, p: NewDirectoryProgram, importBatch: number | null, who: AuditContext): DirectoryProgram {
  const { lastInsertRowid } = statement(db, 
      `INSERT INTO programs (name, specialty_id, city, state, kind, step_ck_minimum, note, code, positions, visa, comlex_accepted, import_batch)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(p.name, p.specialtyId, p.city, p.state, p.kind, p.stepCkMinimum, p.note, p.code, p.positions, p.visa, bit(p.comlexAccepted), importBatch);
  const saved: DirectoryProgram = { id: Number(lastInsertRowid), ...p };
  if (importBatch === null) writeAudit(db, who, { action: 'insert', entity: 'program', entityId: String(saved.id), newValue: saved });
  return saved;
}

/** Writes only what changed, one audit row per changed field; returns the changed fields. */
export function updateDirectoryProgram(db: Db, before: DirectoryProgram, after: DirectoryProgram, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'program', String(before.id), before, after);
  if (changed.length)
    statement(db, 
      `UPDATE programs SET name = ?, specialty_id = ?, city = ?, state = ?, kind = ?, step_ck_minimum = ?, note = ?, code = ?, positions = ?, visa = ?, comlex_accepted = ?
       WHERE id = ?`,
    ).run(after.name, after.specialtyId, after.city, after.state, after.kind, after.stepCkMinimum, after.note, after.code, after.positions, after.visa, bit(after.comlexAccepted), before.id);
  return changed;
}
