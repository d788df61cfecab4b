import type { StudentChecklist } from '../../shared/api/notes';
import { ApiError } from '../../shared/api/contract';
import { CHECKLIST, CHECKLIST_SOURCE, checklistStage } from '../../shared/checklist';
import { localToday } from '../../shared/domain';
import { concludeStudent } from '../cohort/student';
import { readChecklist, tickChecklistItem } from '../db/checklist';
import { deleteActionItem, deleteNote, getActionItem, getNote, insertActionItem, insertNote, listNotes, setActionItemDone, setFollowUpDone, updateNote } from '../db/notes';
import type { Db } from '../db/open';
import { getStudent } from '../db/students';
import { auditFrom, type HandlerContext, type HandlerMap } from './context';

const WHERE = 'student page';

function requireStudent(db: Db, id: string): void {
  if (!getStudent(db, id)) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
}

function requireNote(db: Db, id: number) {
  const note = getNote(db, id);
  if (!note) throw new ApiError('NOT_FOUND', `No advising note ${id}`);
  return note;
}

function requireItem(db: Db, id: number) {
  const item = getActionItem(db, id);
  if (!item) throw new ApiError('NOT_FOUND', `No action item ${id}`);
  return item;
}

/** The checklist of every stage with the student's ticks, and the stage the core places them in. */
function checklistOf(ctx: HandlerContext, studentId: string, asOf: string): StudentChecklist {
  const { evaluation, status } = concludeStudent(ctx.db, studentId, asOf);
  const ticks = readChecklist(ctx.db, studentId) ?? {};
  const codes = new Set(evaluation.flags.map((f) => f.code));
  const stage = checklistStage({
    asOf,
    step1Passed: evaluation.facts.step1Passed,
    step1FailedOrLate: codes.has('STEP1_FAIL') || codes.has('STEP1_LATE'),
    ckPassed: evaluation.facts.ckPassed,
    ckBooked: status.ckBooked,
    ckSafeDate: evaluation.facts.ckSafeDate,
  });
  return {
    studentId,
    asOf,
    stage,
    source: CHECKLIST_SOURCE,
    stages: CHECKLIST.map((s) => ({
      stage: s.stage,
      label: s.label,
      items: s.items.map((i) => ({ id: i.id, text: i.text, done: !!ticks[i.id], doneAt: ticks[i.id]?.doneAt ?? null, doneBy: ticks[i.id]?.doneBy ?? null })),
    })),
  };
}

export const notesHandlers: HandlerMap<
  'notes.list' | 'notes.add' | 'notes.update' | 'notes.setFollowUpDone' | 'notes.remove' | 'actionItems.add' | 'actionItems.setDone' | 'actionItems.remove' | 'checklist.get' | 'checklist.set'
> = {
  'notes.list': ({ studentId }, { db }) => {
    requireStudent(db, studentId);
    return listNotes(db, studentId);
  },
  'notes.add': (note, ctx) => {
    requireStudent(ctx.db, note.studentId);
    ctx.db.transaction(() => insertNote(ctx.db, note, auditFrom(ctx, WHERE)))();
    return listNotes(ctx.db, note.studentId);
  },
  'notes.update': ({ id, body, followUpDate }, ctx) => {
    const before = requireNote(ctx.db, id);
    ctx.db.transaction(() => updateNote(ctx.db, id, before, { body, followUpDate }, auditFrom(ctx, WHERE)))();
    return listNotes(ctx.db, before.studentId);
  },
  'notes.setFollowUpDone': ({ id, done }, ctx) => {
    const before = requireNote(ctx.db, id);
    if (before.followUpDate === null) throw new ApiError('REJECTED', `Note ${id} has no follow-up date to mark done.`);
    ctx.db.transaction(() => setFollowUpDone(ctx.db, before, done, auditFrom(ctx, WHERE)))();
    return listNotes(ctx.db, before.studentId);
  },
  'notes.remove': ({ id }, ctx) => {
    const before = requireNote(ctx.db, id);
    ctx.db.transaction(() => deleteNote(ctx.db, id, auditFrom(ctx, WHERE)))();
    return listNotes(ctx.db, before.studentId);
  },
  'actionItems.add': ({ noteId, item }, ctx) => {
    const note = requireNote(ctx.db, noteId);
    ctx.db.transaction(() => insertActionItem(ctx.db, noteId, item, auditFrom(ctx, WHERE)))();
    return listNotes(ctx.db, note.studentId);
  },
  'actionItems.setDone': ({ id, done }, ctx) => {
    const before = requireItem(ctx.db, id);
    ctx.db.transaction(() => setActionItemDone(ctx.db, before, done, auditFrom(ctx, WHERE)))();
    return listNotes(ctx.db, requireNote(ctx.db, before.noteId).studentId);
  },
  'actionItems.remove': ({ id }, ctx) => {
    const before = requireItem(ctx.db, id);
    const note = requireNote(ctx.db, before.noteId);
    ctx.db.transaction(() => deleteActionItem(ctx.db, before, auditFrom(ctx, WHERE)))();
    return listNotes(ctx.db, note.studentId);
  },
  'checklist.get': ({ studentId, asOf }, ctx) => checklistOf(ctx, studentId, asOf ?? localToday()),
  'checklist.set': ({ studentId, itemId, done, asOf }, ctx) => {
    requireStudent(ctx.db, studentId);
    ctx.db.transaction(() => tickChecklistItem(ctx.db, studentId, itemId, done, auditFrom(ctx, WHERE)))();
    return checklistOf(ctx, studentId, asOf ?? localToday());
  },
};
