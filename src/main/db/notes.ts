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
}

interface ItemRow {
  id: number;
  note_id: number;
  text: string;
  due_date: string | null;
  done: number;
}

const itemFromRow = (r: ItemRow): ActionItem => ({ id: r.id, noteId: r.note_id, text: r.text, dueDate: r.due_date, done: r.done === 1 });

/** A student's notes, newest first, each with its action items in the order they were written. */
export function listNotes(db: Db, studentId: string): AdvisingNote[] {
  const notes = db
    .prepare('SELECT id, student_id, author, created_at, body, follow_up_date FROM advising_notes WHERE student_id = ? ORDER BY created_at DESC, id DESC')
    .all(studentId) as NoteRow[];
  const items = db
    .prepare(
      `SELECT a.id, a.note_id, a.text, a.due_date, a.done FROM action_items a JOIN advising_notes n ON n.id = a.note_id
       WHERE n.student_id = ? ORDER BY a.id`,
    )
    .all(studentId) as ItemRow[];
  const byNote = new Map<number, ActionItem[]>();
  for (const r of items) {
    const list = byNote.get(r.note_id) ?? [];
    list.push(itemFromRow(r));
    byNote.set(r.note_id, list);
  }
  return notes.map((n) => ({
    id: n.id,
    studentId: n.student_id,
    author: n.author,
    createdAt: n.created_at,
    body: n.body,
    followUpDate: n.follow_up_date,
    actionItems: byNote.get(n.id) ?? [],
  }));
}

export function getNote(db: Db, id: number): Omit<AdvisingNote, 'actionItems'> | null {
  const r = db.prepare('SELECT id, student_id, author, created_at, body, follow_up_date FROM advising_notes WHERE id = ?').get(id) as NoteRow | undefined;
  return r ? { id: r.id, studentId: r.student_id, author: r.author, createdAt: r.created_at, body: r.body, followUpDate: r.follow_up_date } : null;
}

export function insertActionItem(db: Db, noteId: number, item: ActionItemInput, who: AuditContext): ActionItem {
  const { lastInsertRowid } = db.prepare('INSERT INTO action_items (note_id, text, due_date, done) VALUES (?, ?, ?, ?)').run(noteId, item.text, item.dueDate, item.done ? 1 : 0);
  const saved: ActionItem = { ...item, id: Number(lastInsertRowid), noteId };
  writeAudit(db, who, { action: 'insert', entity: 'action_item', entityId: String(saved.id), newValue: saved });
  return saved;
}

export function insertNote(db: Db, note: AdvisingNoteInput, who: AuditContext, now = new Date().toISOString()): number {
  const { lastInsertRowid } = db
    .prepare('INSERT INTO advising_notes (student_id, author, created_at, body, follow_up_date) VALUES (?, ?, ?, ?, ?)')
    .run(note.studentId, who.actor, now, note.body, note.followUpDate);
  const id = Number(lastInsertRowid);
  writeAudit(db, who, { action: 'insert', entity: 'advising_note', entityId: String(id), newValue: { studentId: note.studentId, body: note.body, followUpDate: note.followUpDate } }, now);
  for (const item of note.actionItems) insertActionItem(db, id, item, who);
  return id;
}

export function updateNote(db: Db, id: number, before: { body: string; followUpDate: string | null }, after: { body: string; followUpDate: string | null }, who: AuditContext): string[] {
  const changed = auditChanges(db, who, 'advising_note', String(id), before, after);
  if (changed.length) db.prepare('UPDATE advising_notes SET body = ?, follow_up_date = ? WHERE id = ?').run(after.body, after.followUpDate, id);
  return changed;
}

/** Removes a note and (by cascade) its action items, auditing each. */
export function deleteNote(db: Db, id: number, who: AuditContext): boolean {
  const before = getNote(db, id);
  if (!before) return false;
  const items = db.prepare('SELECT id, note_id, text, due_date, done FROM action_items WHERE note_id = ?').all(id) as ItemRow[];
  for (const r of items) writeAudit(db, who, { action: 'delete', entity: 'action_item', entityId: String(r.id), oldValue: itemFromRow(r) });
  db.prepare('DELETE FROM advising_notes WHERE id = ?').run(id);
  writeAudit(db, who, { action: 'delete', entity: 'advising_note', entityId: String(id), oldValue: before });
  return true;
}

export function getActionItem(db: Db, id: number): ActionItem | null {
  const r = db.prepare('SELECT id, note_id, text, due_date, done FROM action_items WHERE id = ?').get(id) as ItemRow | undefined;
  return r ? itemFromRow(r) : null;
}

export function setActionItemDone(db: Db, before: ActionItem, done: boolean, who: AuditContext): boolean {
  if (before.done === done) return false;
  auditChanges(db, who, 'action_item', String(before.id), { done: before.done }, { done });
  db.prepare('UPDATE action_items SET done = ? WHERE id = ?').run(done ? 1 : 0, before.id);
  return true;
}

export function deleteActionItem(db: Db, before: ActionItem, who: AuditContext): void {
  db.prepare('DELETE FROM action_items WHERE id = ?').run(before.id);
  writeAudit(db, who, { action: 'delete', entity: 'action_item', entityId: String(before.id), oldValue: before });
}
