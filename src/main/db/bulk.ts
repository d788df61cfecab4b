/**
 * Bulk changes from the roster's selection. Each student's change is written and audited exactly as
 * the same edit on the student page is (updateStudent, insertNote): one audit row per changed field
 * or per note. The caller runs the whole call in one transaction, so a failure leaves no one changed.
 */
import type { BulkResult } from '../../shared/api/roster';
import type { Student } from '../../shared/domain';
import type { AuditContext } from './audit';
import { insertNote } from './notes';
import type { Db } from './open';
import { getStudent, updateStudent } from './students';

/** Every selected student, or an error naming the IDs that are no student (nothing is written then). */
export function studentsByIds(db: Db, ids: readonly string[]): { students: Student[]; missing: string[] } {
  const students: Student[] = [];
  const missing: string[] = [];
  for (const id of new Set(ids)) {
    const s = getStudent(db, id);
    if (s) students.push(s);
    else missing.push(id);
  }
  return { students, missing };
}

export function assignAdvisor(db: Db, students: readonly Student[], advisor: string | null, who: AuditContext): BulkResult {
  let changed = 0;
  for (const before of students) {
    if (updateStudent(db, before, { ...before, advisor }, who).length) changed++;
  }
  return { changed, unchanged: students.length - changed };
}

/** The same note, signed by the actor and stamped with one time, on each student's page. */
export function addNoteToEach(db: Db, students: readonly Student[], note: { body: string; followUpDate: string | null }, who: AuditContext): BulkResult {
  const now = new Date().toISOString();
  for (const s of students) insertNote(db, { studentId: s.id, body: note.body, followUpDate: note.followUpDate, actionItems: [] }, who, now);
  return { changed: students.length, unchanged: 0 };
}
