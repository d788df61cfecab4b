import type { Program } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

interface ProgramRow {
  id: number;
  name: string;
  specialty_id: number | null;
  city: string | null;
  state: string | null;
  kind: Program['kind'];
  step_ck_minimum: number | null;
  note: string | null;
}

const COLUMNS = 'id, name, specialty_id, city, state, kind, step_ck_minimum, note';

function fromRow(r: ProgramRow): Program {
  return { id: r.id, name: r.name, specialtyId: r.specialty_id, city: r.city, state: r.state, kind: r.kind, stepCkMinimum: r.step_ck_minimum, note: r.note };
}

/** All programs, or one specialty's (`null` = programs not tied to a specialty), by name. */
export function listPrograms(db: Db, specialtyId?: number | null): Program[] {
  const rows =
    specialtyId === undefined
      ? db.prepare(`SELECT ${COLUMNS} FROM programs ORDER BY name COLLATE NOCASE, id`).all()
      : specialtyId === null
        ? db.prepare(`SELECT ${COLUMNS} FROM programs WHERE specialty_id IS NULL ORDER BY name COLLATE NOCASE, id`).all()
        : db.prepare(`SELECT ${COLUMNS} FROM programs WHERE specialty_id = ? ORDER BY name COLLATE NOCASE, id`).all(specialtyId);
  return (rows as ProgramRow[]).map(fromRow);
}

export function insertProgram(db: Db, p: Omit<Program, 'id'>, who: AuditContext): Program {
  const { lastInsertRowid } = db
    .prepare(`INSERT INTO programs (name, specialty_id, city, state, kind, step_ck_minimum, note) VALUES (?, ?, ?, ?, ?, ?, ?)`)
    .run(p.name, p.specialtyId, p.city, p.state, p.kind, p.stepCkMinimum, p.note);
  const saved: Program = { id: Number(lastInsertRowid), ...p };
  writeAudit(db, who, { action: 'insert', entity: 'program', entityId: String(saved.id), newValue: saved });
  return saved;
}

/** Writes only when something changed; one audit row per changed field. */
export function updateProgram(db: Db, before: Program, after: Program, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'program', String(before.id), before, after);
  if (changed.length)
    db.prepare(`UPDATE programs SET name = ?, specialty_id = ?, city = ?, state = ?, kind = ?, step_ck_minimum = ?, note = ? WHERE id = ?`).run(
      after.name,
      after.specialtyId,
      after.city,
      after.state,
      after.kind,
      after.stepCkMinimum,
      after.note,
      before.id,
    );
  return changed;
}

export function deleteProgram(db: Db, before: Program, who: AuditContext): void {
  db.prepare('DELETE FROM programs WHERE id = ?').run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'program', entityId: String(before.id), oldValue: before });
}
