/**
 * The advising guide's checklist, ticked per student, stored in students.checklist as JSON
 * ({ itemId: { doneAt, doneBy } }; an unticked item has no key). Each tick is audited as a change of the
 * student's field "checklist.<itemId>".
 */
import { z } from 'zod';
import { writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

const Ticks = z.record(z.string(), z.object({ doneAt: z.string(), doneBy: z.string() }));
export type ChecklistTicks = z.infer<typeof Ticks>;

/** The student's ticks; null when there is no such student. A damaged value reads as nothing ticked. */
export function readChecklist(db: Db, studentId: string): ChecklistTicks | null {
  const row = db.prepare('SELECT checklist FROM students WHERE id = ?').get(studentId) as { checklist: string } | undefined;
  if (!row) return null;
  try {
    const parsed = Ticks.safeParse(JSON.parse(row.checklist));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

/** Ticks or unticks one item; returns false when it already was in that state (nothing written). */
export function tickChecklistItem(db: Db, studentId: string, itemId: string, done: boolean, who: AuditContext, now = new Date().toISOString()): boolean {
  const ticks = readChecklist(db, studentId);
  if (ticks === null) return false;
  if (!!ticks[itemId] === done) return false;
  if (done) ticks[itemId] = { doneAt: now, doneBy: who.actor };
  else delete ticks[itemId];
  db.prepare('UPDATE students SET checklist = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(ticks), now, studentId);
  writeAudit(db, who, { action: 'update', entity: 'student', entityId: studentId, field: `checklist.${itemId}`, oldValue: done ? 'not done' : 'done', newValue: done ? 'done' : 'not done' }, now);
  return true;
}
