/** Advising notes and their action items: every write audited (entities advising_note, action_item). */
import type { ActionItem, ActionItemInput, AdvisingNote, AdvisingNoteInput } from '../../shared/domain';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

interface NoteRow {
  id: number;
  student_id: string;
  author: string;
  created_at: string;
  body: string;
  follow_up_date: string | null;
  follow_up_done_at: string | null;
  follow_up_done_by: string | null;
}

interface ItemRow {
  id: number;
  note_id: number;
  text: string;
  due_date: string | null;
  done: number;
  done_at: string | null;
  done_by: string | null;
}

const ITEM_COLUMNS = 'id, note_id, text, due_date, done, done_at, done_by';
const NOTE_COLUMNS = 'id, student_id, author, created_at, body, follow_up_date, follow_up_done_at, follow_up_done_by';

const itemFromRow = (r: ItemRow): ActionItem => ({ id: r.id, noteId: r.note_id, text: r.text, dueDate: r.due_date, done: r.done === 1, doneAt: r.done_at, doneBy: r.done_by });
const noteFromRow = (n: NoteRow): Omit<AdvisingNote, 'actionItems'> => ({
  id: n.id,
  studentId: n.student_id,
  author: n.author,
  createdAt: n.created_at,
  body: n.body,
  followUpDate: n.follow_up_date,
  followUpDoneAt: n.follow_up_done_at,
  followUpDoneBy: n.follow_up_done_by,
});

/** A student's notes, newest first, each with its action items in the order they were written. */
export function listNotes(db: Db, studentId: string): AdvisingNote[] {
  const notes = db
    .prepare(`SELECT ${NOTE_COLUMNS} FROM advising_notes WHERE student_id = ? ORDER BY created_at DESC, id DESC`)
    .all(studentId) as NoteRow[];
  const items = db
    .prepare(
      `SELECT a.id, a.note_id, a.text, a.due_date, a.done, a.done_at, a.done_by FROM action_items a JOIN advising_notes n ON n.id = a.note_id
       WHERE n.student_id = ? ORDER BY a.id`,
    )
    .all(studentId) as ItemRow[];
  const byNote = new Map<number, ActionItem[]>();
  for (const r of items) {
    const list = byNote.get(r.note_id) ?? [];
    list.push(itemFromRow(r));
    byNote.set(r.note_id, list);
  }
  return notes.map((n) => ({ ...noteFromRow(n), actionItems: byNote.get(n.id) ?? [] }));
}

export function getNote(db: Db, id: number): Omit<AdvisingNote, 'actionItems'> | null {
  const r = db.prepare(`SELECT ${NOTE_COLUMNS} FROM advising_notes WHERE id = ?`).get(id) as NoteRow | undefined;
  return r ? noteFromRow(r) : null;
}

export function insertActionItem(db: Db, noteId: number, item: ActionItemInput, who: AuditContext, now = new Date().toISOString()): ActionItem {
  const doneAt = item.done ? now : null;
  const doneBy = item.done ? who.actor : null;
  const { lastInsertRowid } = db
    .prepare('INSERT INTO action_items (note_id, text, due_date, done, done_at, done_by) VALUES (?, ?, ?, ?, ?, ?)')
    .run(noteId, item.text, item.dueDate, item.done ? 1 : 0, doneAt, doneBy);
  const saved: ActionItem = { ...item, id: Number(lastInsertRowid), noteId, doneAt, doneBy };
  writeAudit(db, who, { action: 'insert', entity: 'action_item', entityId: String(saved.id), newValue: saved });
  return saved;
}

export function insertNote(db: Db, note: AdvisingNoteInput, who: AuditContext, now = new Date().toISOString()): number {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO advising_notes (student_id, author, created_at, body, follow_up_date) VALUES (?, ?, ?, ?, ?)')
    .run(note.studentId, who.actor, now, note.body, note.followUpDate);
  const id = Number(lastInsertRowid);
  writeAudit(db, who, { action: 'insert', entity: 'advising_note', entityId: String(id), newValue: { studentId: note.studentId, body: note.body, followUpDate: note.followUpDate } }, now);
  for (const item of note.actionItems) insertActionItem(db, id, item, who, now);
  return id;
}

/**
 * Edits a note's text and follow-up date, audited field by field. A follow-up moved to another date is
 * a new one: if the old one was marked done, it is open again (and that is audited too).
 */
export function updateNote(
  db: Db,
  id: number,
  before: { body: string; followUpDate: string | null; followUpDoneAt?: string | null; followUpDoneBy?: string | null },
  after: { body: string; followUpDate: string | null },
  who: AuditContext,
): string[] {
  const changed = auditChanges(db, who, 'advising_note', String(id), { body: before.body, followUpDate: before.followUpDate }, after);
  if (changed.length) db.prepare('UPDATE advising_notes SET body = ?, follow_up_date = ? WHERE id = ?').run(after.body, after.followUpDate, id);
  if (changed.includes('followUpDate') && before.followUpDoneAt) {
    auditChanges(db, who, 'advising_note', String(id), { followUpDoneAt: before.followUpDoneAt, followUpDoneBy: before.followUpDoneBy ?? null }, { followUpDoneAt: null, followUpDoneBy: null });
    db.prepare('UPDATE advising_notes SET follow_up_done_at = NULL, follow_up_done_by = NULL WHERE id = ?').run(id);
  }
  return changed;
}

/** Removes a note and (by cascade) its action items, auditing each. */
export function deleteNote(db: Db, id: number, who: AuditContext): boolean {
  const before = getNote(db, id);
  if (!before) return false;
  const items = db.prepare(`SELECT ${ITEM_COLUMNS} FROM action_items WHERE note_id = ?`).all(id) as ItemRow[];
  for (const r of items) writeAudit(db, who, { action: 'delete', entity: 'action_item', entityId: String(r.id), oldValue: itemFromRow(r) });
  db.prepare('DELETE FROM advising_notes WHERE id = ?').run(id);
  writeAudit(db, who, { action: 'delete', entity: 'advising_note', entityId: String(id), oldValue: before });
  return true;
}

export function getActionItem(db: Db, id: number): ActionItem | null {
  const r = db.prepare(`SELECT ${ITEM_COLUMNS} FROM action_items WHERE id = ?`).get(id) as ItemRow | undefined;
  return r ? itemFromRow(r) : null;
}

/** Ticks (or reopens) an item, recording who and when; reopening clears them. Audited field by field. */
export function setActionItemDone(db: Db, before: ActionItem, done: boolean, who: AuditContext, now = new Date().toISOString()): boolean {
  if (before.done === done) return false;
  const after = { done, doneAt: done ? now : null, doneBy: done ? who.actor : null };
  auditChanges(db, who, 'action_item', String(before.id), { done: before.done, doneAt: before.doneAt, doneBy: before.doneBy }, after);
  db.prepare('UPDATE action_items SET done = ?, done_at = ?, done_by = ? WHERE id = ?').run(done ? 1 : 0, after.doneAt, after.doneBy, before.id);
  return true;
}

/**
 * Marks a note's follow-up done (or open again), with who and when: an overdue follow-up stays on the
 * dashboard until then. Audited field by field.
 */
export function setFollowUpDone(db: Db, before: Omit<AdvisingNote, 'actionItems'>, done: boolean, who: AuditContext, now = new Date().toISOString()): boolean {
  if ((before.followUpDoneAt !== null) === done) return false;
  const after = { followUpDoneAt: done ? now : null, followUpDoneBy: done ? who.actor : null };
  auditChanges(db, who, 'advising_note', String(before.id), { followUpDoneAt: before.followUpDoneAt, followUpDoneBy: before.followUpDoneBy }, after);
  db.prepare('UPDATE advising_notes SET follow_up_done_at = ?, follow_up_done_by = ? WHERE id = ?').run(after.followUpDoneAt, after.followUpDoneBy, before.id);
  return true;
}

export function deleteActionItem(db: Db, before: ActionItem, who: AuditContext): void {
  db.prepare('DELETE FROM action_items WHERE id = ?').run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'action_item', entityId: String(before.id), oldValue: before });
}
