import { ApiError, type StaleSaveDetail, type StudentDetail } from '../../shared/api';
import { Student, type ExamAttemptInput, type StudentPatch } from '../../shared/domain';
import { contradictoryResult } from '../../shared/rules/consistency';
import { deleteAttempt, deletePractice, getAttempt, getPractice, insertAttempt, insertPractice, updateAttempt, updatePractice } from '../db/attempts';
import type { Db } from '../db/open';
import { loadReferenceData } from '../db/reference';
import { getStudent, insertStudent } from '../db/students';
import { DigitIds } from '../import/student-ids';
import type { StaleSave, Store } from '../store/store';
import { auditFrom, storeOf, type HandlerMap } from './context';

async function detail(store: Store, id: string): Promise<StudentDetail> {
  const snap = await store.snapshot(id);
  const version = await store.students.version(id);
  if (!snap || version === null) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
  return { ...snap, version };
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
function refuseImpossible(db: Db, attempt: ExamAttemptInput, path: string): void {
  const c = contradictoryResult(attempt, loadReferenceData(db));
  if (c?.severity === 'error') throw new ApiError('INVALID_INPUT', c.message, [{ path, message: c.message }]);
}

function requireStudent(db: Db, id: string) {
  const s = getStudent(db, id);
  if (!s) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
  return s;
}

/**
 * Why an ID cannot be added: a student already holds it, or one differs from it only in leading zeros
 * (00123 and 123), which the import reads as the same student and would refuse to tell apart.
 */
function takenId(db: Db, id: string): string | null {
  const same = getStudent(db, id);
  if (same) return `Student ID ${id} is already ${same.firstName} ${same.lastName}'s; open that student to change their record.`;
  const twin = new DigitIds(db).match(id);
  if (twin?.kind === 'one') return `Student ID ${id} differs from ${twin.id} (${describe(db, twin.id)}) only in leading zeros; an import would read them as one student.`;
  if (twin?.kind === 'several') return `Student ID ${id} differs from ${twin.ids.join(' and ')} only in leading zeros; an import would read them as one student.`;
  return null;
}

function describe(db: Db, id: string): string {
  const s = getStudent(db, id);
  return s ? `${s.firstName} ${s.lastName}` : 'a stored student';
}

export const studentHandlers: HandlerMap<
  'students.list' | 'students.get' | 'students.add' | 'students.update' | 'attempts.add' | 'attempts.update' | 'attempts.remove' | 'practice.add' | 'practice.update' | 'practice.remove'
> = {
  'students.list': (q, ctx) => storeOf(ctx).roster(q),
  'students.get': ({ id }, ctx) => detail(storeOf(ctx), id),
  'students.add': (student, ctx) => {
    // Checked inside the write transaction, so two people adding the same ID at once cannot both succeed.
    ctx.db.transaction(() => {
      const taken = takenId(ctx.db, student.id);
      if (taken) throw new ApiError('CONFLICT', taken, [{ path: 'id', message: taken }]);
      insertStudent(ctx.db, student, auditFrom(ctx, 'added by hand'));
    })();
    return detail(storeOf(ctx), student.id);
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
  'attempts.add': (attempt, ctx) => {
    requireStudent(ctx.db, attempt.studentId);
    refuseImpossible(ctx.db, attempt, 'score');
    ctx.db.transaction(() => insertAttempt(ctx.db, attempt, auditFrom(ctx, 'student page'), 'manual'))();
    return detail(storeOf(ctx), attempt.studentId);
  },
  'attempts.update': ({ id, attempt }, ctx) => {
    const before = getAttempt(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No exam attempt ${id}`);
    if (before.studentId !== attempt.studentId) throw new ApiError('INVALID_INPUT', 'An attempt cannot move to another student');
    refuseImpossible(ctx.db, attempt, 'attempt.score');
    ctx.db.transaction(() => updateAttempt(ctx.db, before, { ...attempt, id }, auditFrom(ctx, 'student page')))();
    return detail(storeOf(ctx), before.studentId);
  },
  'attempts.remove': ({ id }, ctx) => {
    const before = getAttempt(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No exam attempt ${id}`);
    ctx.db.transaction(() => deleteAttempt(ctx.db, id, auditFrom(ctx, 'student page')))();
    return detail(storeOf(ctx), before.studentId);
  },
  'practice.add': (practice, ctx) => {
    requireStudent(ctx.db, practice.studentId);
    try {
      ctx.db.transaction(() => insertPractice(ctx.db, practice, auditFrom(ctx, 'student page'), 'manual'))();
    } catch (err) {
      if (String((err as Error).message).includes('UNIQUE')) throw new ApiError('CONFLICT', `${practice.form} on ${practice.takenOn} is already recorded`);
      throw err;
    }
    return detail(storeOf(ctx), practice.studentId);
  },
  'practice.update': ({ id, practice }, ctx) => {
    const before = getPractice(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No practice exam ${id}`);
    if (before.studentId !== practice.studentId) throw new ApiError('INVALID_INPUT', 'A practice exam cannot move to another student');
    ctx.db.transaction(() => updatePractice(ctx.db, before, { ...practice, id }, auditFrom(ctx, 'student page')))();
    return detail(storeOf(ctx), before.studentId);
  },
  'practice.remove': ({ id }, ctx) => {
    const before = getPractice(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No practice exam ${id}`);
    ctx.db.transaction(() => deletePractice(ctx.db, id, auditFrom(ctx, 'student page')))();
    return detail(storeOf(ctx), before.studentId);
  },
};
