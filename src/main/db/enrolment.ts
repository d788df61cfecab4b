/**
 * Enrolment status history and archiving on SQLite (migration 0007). Every write is audited like any
 * other edit: a change recorded or removed (entity `enrolment_change`, the whole change kept), and an
 * archive or restore (entity `student`, fields archivedAt and archivedBy, old and new values).
 */
import { inEffectOrder, type Enrolment, type EnrolmentChange, type ParsedEnrolmentChange } from '../../shared/domain';
import { writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

export type ChangeCells = [number, string, EnrolmentChange['status'], string, string | null, string | null, string, string];

export const CHANGE_COLUMNS = 'id, student_id, status, effective_from, ends_on, note, changed_by, changed_at';

export function changeOf(r: ChangeCells): EnrolmentChange {
  return { id: r[0], studentId: r[1], status: r[2], effectiveFrom: r[3], endsOn: r[4], note: r[5], changedBy: r[6], changedAt: r[7] };
}

/** A student's enrolment, or null when there is no such student. */
export function loadEnrolment(db: Db, studentId: string): Enrolment | null {
  const row = db.prepare(`SELECT archived_at, archived_by FROM students WHERE id = ?`).raw().get(studentId) as [string | null, string | null] | undefined;
  if (!row) return null;
  const changes = (db.prepare(`SELECT ${CHANGE_COLUMNS} FROM enrolment_changes WHERE student_id = ?`).raw().all(studentId) as ChangeCells[]).map(changeOf);
  return { changes: inEffectOrder(changes), archivedAt: row[0], archivedBy: row[1] };
}

export function getEnrolmentChange(db: Db, id: number): EnrolmentChange | null {
  const r = db.prepare(`SELECT ${CHANGE_COLUMNS} FROM enrolment_changes WHERE id = ?`).raw().get(id) as ChangeCells | undefined;
  return r ? changeOf(r) : null;
}

/** Records a change (the caller's transaction); an import's is stamped with its batch. */
export function insertEnrolmentChange(db: Db, change: ParsedEnrolmentChange, who: AuditContext, batch: number | null = null, now = new Date().toISOString()): EnrolmentChange {
  const id = Number(
    db
      .prepare(
        `INSERT INTO enrolment_changes (student_id, status, effective_from, ends_on, note, changed_by, changed_at, import_batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(change.studentId, change.status, change.effectiveFrom, change.endsOn, change.note, who.actor, now, batch).lastInsertRowid,
  );
  const stored = getEnrolmentChange(db, id)!;
  // Audited one by one, an import's too (they are few, and the student's history should show each).
  writeAudit(db, who, { action: 'insert', entity: 'enrolment_change', entityId: String(id), newValue: stored }, now);
  return stored;
}

/** Removes a change recorded in error; the audit row keeps it whole. */
export function deleteEnrolmentChange(db: Db, id: number, who: AuditContext): boolean {
  const before = getEnrolmentChange(db, id);
  if (!before) return false;
  db.prepare(`DELETE FROM enrolment_changes WHERE id = ?`).run(id);
  writeAudit(db, who, { action: 'delete', entity: 'enrolment_change', entityId: String(id), oldValue: before });
  return true;
}

/**
 * Archives (or restores) a student; false when they already were (nothing written). Both fields
 * are audited with their old and new values.
 */
export function setArchived(db: Db, studentId: string, archived: boolean, who: AuditContext, now = new Date().toISOString()): boolean {
  const before = db.prepare(`SELECT archived_at, archived_by FROM students WHERE id = ?`).raw().get(studentId) as [string | null, string | null] | undefined;
  if (!before || (before[0] !== null) === archived) return false;
  const after: [string | null, string | null] = archived ? [now, who.actor] : [null, null];
  db.prepare(`UPDATE students SET archived_at = ?, archived_by = ? WHERE id = ?`).run(after[0], after[1], studentId);
  writeAudit(db, who, { action: 'update', entity: 'student', entityId: studentId, field: 'archivedAt', oldValue: before[0], newValue: after[0] }, now);
  writeAudit(db, who, { action: 'update', entity: 'student', entityId: studentId, field: 'archivedBy', oldValue: before[1], newValue: after[1] }, now);
  return true;
}

/** Every student's enrolment that says anything (a change or an archive), by student: one scan of each. */
export function enrolmentByStudent(db: Db): Map<string, Enrolment> {
  const out = new Map<string, Enrolment>();
  const of = (id: string, archivedAt: string | null = null, archivedBy: string | null = null) => {
    let e = out.get(id);
    if (!e) out.set(id, (e = { changes: [], archivedAt, archivedBy }));
    return e;
  };
  for (const [id, at, by] of db.prepare(`SELECT id, archived_at, archived_by FROM students WHERE archived_at IS NOT NULL`).raw().all() as [string, string, string | null][]) of(id, at, by);
  for (const r of db.prepare(`SELECT ${CHANGE_COLUMNS} FROM enrolment_changes`).raw().all() as ChangeCells[]) of(r[1]).changes.push(changeOf(r));
  for (const e of out.values()) e.changes = inEffectOrder(e.changes);
  return out;
}

/** The stored changes of these students (an import's chunk), by student, in effect order. */
export function enrolmentChangesOf(db: Db, ids: readonly string[]): Map<string, EnrolmentChange[]> {
  const out = new Map<string, EnrolmentChange[]>();
  if (!ids.length) return out;
  const rows = db.prepare(`SELECT ${CHANGE_COLUMNS} FROM enrolment_changes WHERE student_id IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify([...new Set(ids)])) as ChangeCells[];
  for (const r of rows) {
    const list = out.get(r[1]);
    if (list) list.push(changeOf(r));
    else out.set(r[1], [changeOf(r)]);
  }
  for (const [id, list] of out) out.set(id, inEffectOrder(list));
  return out;
}

/**
 * The status of the student `id` (an SQL expression) on the date bound as `@asOf`, in SQL: the rule of
 * enrolmentOn (src/shared/domain/enrolment.ts), for lists read from the students table itself.
 */
export function enrolmentStatusSql(id: string): string {
  return `coalesce((SELECT CASE WHEN e.ends_on IS NOT NULL AND e.ends_on < @asOf THEN 'active' ELSE e.status END
    FROM enrolment_changes e WHERE e.student_id = ${id} AND e.effective_from <= @asOf ORDER BY e.effective_from DESC, e.id DESC LIMIT 1), 'active')`;
}
