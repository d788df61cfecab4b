import type { StudentChecklist } from '../../shared/api/notes';
import { ApiError } from '../../shared/api/contract';
import { CHECKLIST, CHECKLIST_SOURCE, checklistStage } from '../../shared/checklist';
import { localToday } from '../../shared/domain';
import { concludeStudent } from '../cohort/student';
import type { Store } from '../store/store';
import { auditFrom, requireStudentIn, storeOf, type HandlerContext, type HandlerMap } from './context';

const WHERE = 'student page';

async function requireNote(store: Store, id: number) {
  const note = await store.notes.get(id);
  if (!note) throw new ApiError('NOT_FOUND', `No advising note ${id}`);
  return note;
}

async function requireItem(store: Store, id: number) {
  const item = await store.notes.item(id);
  if (!item) throw new ApiError('NOT_FOUND', `No action item ${id}`);
  return item;
}

/** The checklist of every stage with the student's ticks, and the stage the core places them in. */
async function checklistOf(ctx: HandlerContext, studentId: string, asOf: string): Promise<StudentChecklist> {
  const store = storeOf(ctx);
  const { evaluation, status } = await concludeStudent(store, studentId, asOf);
  const ticks = (await store.checklist.read(studentId)) ?? {};
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
  'notes.list': async ({ studentId }, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, studentId);
    return store.notes.list(studentId);
  },
  'notes.add': async (note, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, note.studentId);
    await store.notes.add(note, auditFrom(ctx, WHERE));
    return store.notes.list(note.studentId);
  },
  'notes.update': async ({ id, body, followUpDate }, ctx) => {
    const store = storeOf(ctx);
    const before = await requireNote(store, id);
    await store.notes.update(before, { body, followUpDate }, auditFrom(ctx, WHERE));
    return store.notes.list(before.studentId);
  },
  'notes.setFollowUpDone': async ({ id, done }, ctx) => {
    const store = storeOf(ctx);
    const before = await requireNote(store, id);
    if (before.followUpDate === null) throw new ApiError('REJECTED', `Note ${id} has no follow-up date to mark done.`);
    await store.notes.setFollowUpDone(before, done, auditFrom(ctx, WHERE));
    return store.notes.list(before.studentId);
  },
  'notes.remove': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    const before = await requireNote(store, id);
    await store.notes.remove(id, auditFrom(ctx, WHERE));
    return store.notes.list(before.studentId);
  },
  'actionItems.add': async ({ noteId, item }, ctx) => {
    const store = storeOf(ctx);
    const note = await requireNote(store, noteId);
    await store.notes.addItem(noteId, item, auditFrom(ctx, WHERE));
    return store.notes.list(note.studentId);
  },
  'actionItems.setDone': async ({ id, done }, ctx) => {
    const store = storeOf(ctx);
    const before = await requireItem(store, id);
    await store.notes.setItemDone(before, done, auditFrom(ctx, WHERE));
    return store.notes.list((await requireNote(store, before.noteId)).studentId);
  },
  'actionItems.remove': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    const before = await requireItem(store, id);
    const note = await requireNote(store, before.noteId);
    await store.notes.removeItem(before, auditFrom(ctx, WHERE));
    return store.notes.list(note.studentId);
  },
  'checklist.get': ({ studentId, asOf }, ctx) => checklistOf(ctx, studentId, asOf ?? localToday()),
  'checklist.set': async ({ studentId, itemId, done, asOf }, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, studentId);
    await store.checklist.tick(studentId, itemId, done, auditFrom(ctx, WHERE));
    return checklistOf(ctx, studentId, asOf ?? localToday());
  },
};
