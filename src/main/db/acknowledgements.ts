/** Flag acknowledgements (migration 0006): every write audited (entity flag_acknowledgement). */
import type { FlagAcknowledgement, FlagCode, LapseReason, Severity } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

interface AckRow {
  id: number;
  student_id: string;
  code: FlagCode;
  severity: Severity;
  message: string;
  note: string;
  acknowledged_by: string;
  acknowledged_at: string;
  acknowledged_on: string;
  lapsed_at: string | null;
  lapse_reason: LapseReason | null;
  version: number;
}

const COLUMNS = 'id, student_id, code, severity, message, note, acknowledged_by, acknowledged_at, acknowledged_on, lapsed_at, lapse_reason, version';

const fromRow = (r: AckRow): FlagAcknowledgement => ({
  id: r.id,
  studentId: r.student_id,
  code: r.code,
  severity: r.severity,
  message: r.message,
  note: r.note,
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedOn: r.acknowledged_on,
  lapsedAt: r.lapsed_at,
  lapseReason: r.lapse_reason,
  version: r.version,
});

export function listAcknowledgements(db: Db, studentId: string): FlagAcknowledgement[] {
  return (db.prepare(`SELECT ${COLUMNS} FROM flag_acknowledgements WHERE student_id = ? ORDER BY id`).all(studentId) as AckRow[]).map(fromRow);
}

/** Every acknowledgement of the given students (all of them when `studentIds` is omitted), by student. */
export function acknowledgementsByStudent(db: Db, studentIds?: Iterable<string>): Map<string, FlagAcknowledgement[]> {
  const out = new Map<string, FlagAcknowledgement[]>();
  const rows = db.prepare(`SELECT ${COLUMNS} FROM flag_acknowledgements ORDER BY student_id, id`).all() as AckRow[];
  const wanted = studentIds ? new Set(studentIds) : null;
  for (const r of rows) {
    if (wanted && !wanted.has(r.student_id)) continue;
    const list = out.get(r.student_id) ?? [];
    list.push(fromRow(r));
    out.set(r.student_id, list);
  }
  return out;
}

export function getAcknowledgement(db: Db, studentId: string, code: FlagCode): FlagAcknowledgement | null {
  const r = db.prepare(`SELECT ${COLUMNS} FROM flag_acknowledgements WHERE student_id = ? AND code = ?`).get(studentId, code) as AckRow | undefined;
  return r ? fromRow(r) : null;
}

export interface AcknowledgementFacts {
  studentId: string;
  code: FlagCode;
  severity: Severity;
  message: string;
  note: string;
  acknowledgedOn: string;
}

/**
 * Acknowledges a flag as it reads now. A student has one acknowledgement per flag: acknowledging again
 * (after a lapse, or to change the note) replaces it, and the audit log keeps what it replaced, field by field.
 */
export function acknowledge(db: Db, a: AcknowledgementFacts, who: AuditContext, now = new Date().toISOString()): FlagAcknowledgement {
  const before = getAcknowledgement(db, a.studentId, a.code);
  const after = { severity: a.severity, message: a.message, note: a.note, acknowledgedBy: who.actor, acknowledgedAt: now, acknowledgedOn: a.acknowledgedOn, lapsedAt: null, lapseReason: null };
  if (before) {
    const { severity, message, note, acknowledgedBy, acknowledgedAt, acknowledgedOn, lapsedAt, lapseReason } = before;
    auditChanges(db, who, 'flag_acknowledgement', String(before.id), { severity, message, note, acknowledgedBy, acknowledgedAt, acknowledgedOn, lapsedAt, lapseReason }, after);
    db.prepare(
      `UPDATE flag_acknowledgements SET severity = ?, message = ?, note = ?, acknowledged_by = ?, acknowledged_at = ?, acknowledged_on = ?, lapsed_at = NULL, lapse_reason = NULL WHERE id = ?`,
    ).run(a.severity, a.message, a.note, who.actor, now, a.acknowledgedOn, before.id);
    return getAcknowledgement(db, a.studentId, a.code)!;
  }
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO flag_acknowledgements (student_id, code, severity, message, note, acknowledged_by, acknowledged_at, acknowledged_on) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(a.studentId, a.code, a.severity, a.message, a.note, who.actor, now, a.acknowledgedOn);
  writeAudit(db, who, { action: 'insert', entity: 'flag_acknowledgement', entityId: String(lastInsertRowid), newValue: { studentId: a.studentId, ...after, code: a.code } }, now);
  return getAcknowledgement(db, a.studentId, a.code)!;
}

/** Withdraws an acknowledgement (the flag is new again at once). */
export function withdrawAcknowledgement(db: Db, before: FlagAcknowledgement, who: AuditContext): void {
  db.prepare('DELETE FROM flag_acknowledgements WHERE id = ?').run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'flag_acknowledgement', entityId: String(before.id), oldValue: before });
}

/** Records, once, that an acknowledgement lapsed and why: the lapse is audited as the acknowledgement was. */
export function recordLapse(db: Db, before: FlagAcknowledgement, reason: LapseReason, who: AuditContext, now = new Date().toISOString()): void {
  if (before.lapsedAt !== null) return;
  auditChanges(db, who, 'flag_acknowledgement', String(before.id), { lapsedAt: null, lapseReason: null } as { lapsedAt: string | null; lapseReason: string | null }, { lapsedAt: now, lapseReason: reason });
  db.prepare('UPDATE flag_acknowledgements SET lapsed_at = ?, lapse_reason = ? WHERE id = ? AND lapsed_at IS NULL').run(now, reason, before.id);
}
