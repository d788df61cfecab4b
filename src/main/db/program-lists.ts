/**
 * Saved program lists (migration 0008): one per student and specialty, the advisor's entries as
 * JSON, who saved it and when, and a version so that a save made on a list someone else saved since
 * changes nothing (as a student's profile: a CONFLICT naming who saved it).
 */
import { ProgramListEntry, type SavedProgramList } from '../../shared/domain';
import { z } from 'zod';
import { writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

interface ListRow {
  studentId: string;
  specialty: string;
  entries: string;
  savedBy: string;
  savedAt: string;
  version: number;
  id: number;
}

const Entries = z.array(ProgramListEntry);

const SELECT = `SELECT id, student_id AS studentId, specialty, entries, saved_by AS savedBy, saved_at AS savedAt, version FROM program_lists`;

function fromRow(r: ListRow): SavedProgramList {
  return { studentId: r.studentId, specialty: r.specialty, entries: Entries.parse(JSON.parse(r.entries)), savedBy: r.savedBy, savedAt: r.savedAt, version: r.version };
}

export function getProgramList(db: Db, studentId: string, specialty: string): SavedProgramList | null {
  const row = db.prepare(`${SELECT} WHERE student_id = ? AND specialty = ? COLLATE NOCASE`).get(studentId, specialty) as ListRow | undefined;
  return row ? fromRow(row) : null;
}

export function listProgramLists(db: Db, studentId: string): SavedProgramList[] {
  return (db.prepare(`${SELECT} WHERE student_id = ? ORDER BY specialty`).all(studentId) as ListRow[]).map(fromRow);
}

export type SaveListResult = { stale: false; list: SavedProgramList } | { stale: true; current: SavedProgramList };

/**
 * Saves the entries if the stored list is still at `expectedVersion` (null = the caller saw no list;
 * undefined = any version). The caller owns the transaction. Audited: one row with the whole list
 * on the first save, then old and new entries.
 */
export function saveProgramList(
  db: Db,
  studentId: string,
  specialty: string,
  entries: readonly ProgramListEntry[],
  expectedVersion: number | null | undefined,
  who: AuditContext,
  now = new Date().toISOString(),
): SaveListResult {
  const current = getProgramList(db, studentId, specialty);
  if (expectedVersion !== undefined && (current?.version ?? null) !== expectedVersion) {
    if (current) return { stale: true, current };
    // The list the caller saw was removed meanwhile: save it anew.
  }
  const text = JSON.stringify(entries);
  if (!current) {
    const { lastInsertRowid } = db
      .prepare(`INSERT INTO program_lists (student_id, specialty, entries, saved_by, saved_at) VALUES (?, ?, ?, ?, ?)`)
      .run(studentId, specialty, text, who.actor, now);
    writeAudit(db, who, { action: 'insert', entity: 'program_list', entityId: String(lastInsertRowid), newValue: { studentId, specialty, entries } }, now);
  } else {
    const id = (db.prepare(`SELECT id FROM program_lists WHERE student_id = ? AND specialty = ? COLLATE NOCASE`).pluck().get(studentId, specialty) as number);
    db.prepare(`UPDATE program_lists SET entries = ?, saved_by = ?, saved_at = ? WHERE id = ?`).run(text, who.actor, now, id);
    writeAudit(db, who, { action: 'update', entity: 'program_list', entityId: String(id), field: 'entries', oldValue: current.entries, newValue: entries }, now);
  }
  return { stale: false, list: getProgramList(db, studentId, specialty)! };
}
