import { ApiError, type StaleSaveDetail, type StudentDetail } from '../../shared/api';
import { NO_ENROLMENT, Student, type ExamAttemptInput, type PracticeExamInput, type StudentPatch } from '../../shared/domain';
import { contradictoryResult } from '../../shared/rules/consistency';
import { DuplicateRecord, type HeldId, type StaleSave, type Store } from '../store/store';
import { auditFrom, requireStudentIn, storeOf, type HandlerMap } from './context';

async function detail(store: Store, id: string): Promise<StudentDetail> {
  const snap = await store.snapshot(id);
  const version = await store.students.version(id);
  if (!snap || version === null) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
  return { ...snap, enrolment: snap.enrolment ?? NO_ENROLMENT, version };
}

/** "Changed by NAME at TIME": the save is refused with both values of every field it would have changed. */
function staleSave(stale: StaleSave, patch: StudentPatch): ApiError {
  const fields = (Object.keys(patch) as (keyof StudentPatch)[])
    .filter((f) => JSON.stringify(patch[f] ?? null) !== JSON.stringify(stale.current[f] ?? null))
    .map((f) => ({ field: f, yours: patch[f] ?? null, theirs: stale.current[f] ?? null }));
  const who = stale.lastChange ? `${stale.lastChange.actor} at ${stale.lastChange.at}` : 'someone else';
  const detail: StaleSaveDetail = { changedBy: stale.lastChange?.actor ?? null, changedAt: stale.lastChange?.at ?? null, version: stale.version, fields };
  return new ApiError('CONFLICT', `This student was changed by ${who} since you opened the record; nothing was saved. Check both values and save again.`, undefined, detail);
}

/** A PASS below the passing score in force on its date, or a FAIL at or above it, is not saved (RULES.md, "Impossible data"). */
async function refuseImpossibleIn(store: Store, attempt: ExamAttemptInput, path: string): Promise<void> {
  const c = contradictoryResult(attempt, await store.referenceData());
  if (c?.severity === 'error') throw new ApiError('INVALID_INPUT', c.message, [{ path, message: c.message }]);
}

/** A practice exam's form and date name it: a second one is a conflict, said so. */
function alreadyRecorded(practice: PracticeExamInput) {
  return (err: unknown): never => {
    if (err instanceof DuplicateRecord) throw new ApiError('CONFLICT', `${practice.form} on ${practice.takenOn} is already recorded`);
    throw err;
  };
}

/** Why an ID cannot be added, in words (store.ts HeldId). */
function heldMessage(id: string, held: HeldId): string {
  if (held.kind === 'same') return `Student ID ${id} is already ${held.name}'s; open that student to change their record.`;
  const [one, ...more] = held.holders;
  if (more.length === 0) return `Student ID ${id} differs from ${one.id} (${one.name}) only in leading zeros; an import would read them as one student.`;
  return `Student ID ${id} differs from ${held.holders.map((h) => h.id).join(' and ')} only in leading zeros; an import would read them as one student.`;
}

export const studentHandlers: HandlerMap<
  'students.list' | 'students.get' | 'students.add' | 'students.update' | 'attempts.add' | 'attempts.update' | 'attempts.remove' | 'practice.add' | 'practice.update' | 'practice.remove'
> = {
  'students.list': (q, ctx) => storeOf(ctx).roster(q),
  'students.get': ({ id }, ctx) => detail(storeOf(ctx), id),
  'students.add': async (student, ctx) => {
    const store = storeOf(ctx);
    const held = await store.students.add(student, auditFrom(ctx, 'added by hand'));
    if (held) {
      const message = heldMessage(student.id, held);
      throw new ApiError('CONFLICT', message, [{ path: 'id', message }]);
    }
    return detail(store, student.id);
  },
  'students.update': async ({ id, patch, version }, ctx) => {
    const store = storeOf(ctx);
    const merge = (current: Student) => {
      const merged = Student.safeParse({ ...current, ...patch, id });
      if (!merged.success)
        throw new ApiError('INVALID_INPUT', 'The student could not be saved', merged.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
      return merged.data;
    };
    const result = await store.students.update(id, merge, version, auditFrom(ctx, 'student page'));
    if (result === null) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
    if (result.stale) throw staleSave(result, patch);
    return detail(store, id);
  },
  'attempts.add': async (attempt, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, attempt.studentId);
    await refuseImpossibleIn(store, attempt, 'score');
    await store.attempts.add(attempt, auditFrom(ctx, 'student page'), 'manual');
    return detail(store, attempt.studentId);
  },
  'attempts.update': async ({ id, attempt }, ctx) => {
    const store = storeOf(ctx);
    const before = await store.attempts.get(id);
    if (!before) throw new ApiError('NOT_FOUND', `No exam attempt ${id}`);
    if (before.studentId !== attempt.studentId) throw new ApiError('INVALID_INPUT', 'An attempt cannot move to another student');
    await refuseImpossibleIn(store, attempt, 'attempt.score');
    await store.attempts.update(before, { ...attempt, id }, auditFrom(ctx, 'student page'));
    return detail(store, before.studentId);
  },
  'attempts.remove': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    const before = await store.attempts.get(id);
    if (!before) throw new ApiError('NOT_FOUND', `No exam attempt ${id}`);
    await store.attempts.remove(id, auditFrom(ctx, 'student page'));
    return detail(store, before.studentId);
  },
  'practice.add': async (practice, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, practice.studentId);
    await store.practice.add(practice, auditFrom(ctx, 'student page'), 'manual').catch(alreadyRecorded(practice));
    return detail(store, practice.studentId);
  },
  'practice.update': async ({ id, practice }, ctx) => {
    const store = storeOf(ctx);
    const before = await store.practice.get(id);
    if (!before) throw new ApiError('NOT_FOUND', `No practice exam ${id}`);
    if (before.studentId !== practice.studentId) throw new ApiError('INVALID_INPUT', 'A practice exam cannot move to another student');
    await store.practice.update(before, { ...practice, id }, auditFrom(ctx, 'student page')).catch(alreadyRecorded(practice));
    return detail(store, before.studentId);
  },
  'practice.remove': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    const before = await store.practice.get(id);
    if (!before) throw new ApiError('NOT_FOUND', `No practice exam ${id}`);
    await store.practice.remove(id, auditFrom(ctx, 'student page'));
    return detail(store, before.studentId);
  },
};
