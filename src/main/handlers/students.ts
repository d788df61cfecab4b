import { ApiError, type StudentDetail } from '../../shared/api';
import { Student, type ExamAttemptInput } from '../../shared/domain';
import { contradictoryResult } from '../../shared/rules/consistency';
import { deleteAttempt, deletePractice, getAttempt, getPractice, insertAttempt, insertPractice, updateAttempt, updatePractice } from '../db/attempts';
import type { Db } from '../db/open';
import { loadReferenceData } from '../db/reference';
import { rosterPage } from '../cohort/roster';
import { getStudent, loadSnapshot, updateStudent } from '../db/students';
import { auditFrom, type HandlerMap } from './context';

function detail(db: Db, id: string): StudentDetail {
  const snap = loadSnapshot(db, id);
  if (!snap) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
  return snap;
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

export const studentHandlers: HandlerMap<
  'students.list' | 'students.get' | 'students.update' | 'attempts.add' | 'attempts.update' | 'attempts.remove' | 'practice.add' | 'practice.update' | 'practice.remove'
> = {
  'students.list': (q, { db }) => rosterPage(db, q),
  'students.get': ({ id }, { db }) => detail(db, id),
  'students.update': ({ id, patch }, ctx) => {
    const before = requireStudent(ctx.db, id);
    const merged = Student.safeParse({ ...before, ...patch, id });
    if (!merged.success)
      throw new ApiError('INVALID_INPUT', 'The student could not be saved', merged.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    ctx.db.transaction(() => updateStudent(ctx.db, before, merged.data, auditFrom(ctx, 'student page')))();
    return detail(ctx.db, id);
  },
  'attempts.add': (attempt, ctx) => {
    requireStudent(ctx.db, attempt.studentId);
    refuseImpossible(ctx.db, attempt, 'score');
    ctx.db.transaction(() => insertAttempt(ctx.db, attempt, auditFrom(ctx, 'student page'), 'manual'))();
    return detail(ctx.db, attempt.studentId);
  },
  'attempts.update': ({ id, attempt }, ctx) => {
    const before = getAttempt(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No exam attempt ${id}`);
    if (before.studentId !== attempt.studentId) throw new ApiError('INVALID_INPUT', 'An attempt cannot move to another student');
    refuseImpossible(ctx.db, attempt, 'attempt.score');
    ctx.db.transaction(() => updateAttempt(ctx.db, before, { ...attempt, id }, auditFrom(ctx, 'student page')))();
    return detail(ctx.db, before.studentId);
  },
  'attempts.remove': ({ id }, ctx) => {
    const before = getAttempt(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No exam attempt ${id}`);
    ctx.db.transaction(() => deleteAttempt(ctx.db, id, auditFrom(ctx, 'student page')))();
    return detail(ctx.db, before.studentId);
  },
  'practice.add': (practice, ctx) => {
    requireStudent(ctx.db, practice.studentId);
    try {
      ctx.db.transaction(() => insertPractice(ctx.db, practice, auditFrom(ctx, 'student page'), 'manual'))();
    } catch (err) {
      if (String((err as Error).message).includes('UNIQUE')) throw new ApiError('CONFLICT', `${practice.form} on ${practice.takenOn} is already recorded`);
      throw err;
    }
    return detail(ctx.db, practice.studentId);
  },
  'practice.update': ({ id, practice }, ctx) => {
    const before = getPractice(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No practice exam ${id}`);
    if (before.studentId !== practice.studentId) throw new ApiError('INVALID_INPUT', 'A practice exam cannot move to another student');
    ctx.db.transaction(() => updatePractice(ctx.db, before, { ...practice, id }, auditFrom(ctx, 'student page')))();
    return detail(ctx.db, before.studentId);
  },
  'practice.remove': ({ id }, ctx) => {
    const before = getPractice(ctx.db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No practice exam ${id}`);
    ctx.db.transaction(() => deletePractice(ctx.db, id, auditFrom(ctx, 'student page')))();
    return detail(ctx.db, before.studentId);
  },
};
