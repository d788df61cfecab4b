import { ApiError, type StudentDetail } from '../../shared/api';
import { ENROLMENT_LABELS, NO_ENROLMENT } from '../../shared/domain';
import type { Store } from '../store/store';
import { auditFrom, requireStudentIn, storeOf, type HandlerMap } from './context';

async function detail(store: Store, id: string): Promise<StudentDetail> {
  const snap = await store.snapshot(id);
  const version = await store.students.version(id);
  if (!snap || version === null) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
  return { ...snap, enrolment: snap.enrolment ?? NO_ENROLMENT, version };
}

/** A refusal by the office database's row-level security, said as whose student it is. */
function refused(err: unknown): never {
  if ((err as { code?: string }).code === '42501') throw new ApiError('REJECTED', (err as Error).message);
  throw err;
}

export const enrolmentHandlers: HandlerMap<'enrolment.change' | 'enrolment.removeChange' | 'students.archive' | 'students.restore'> = {
  'enrolment.change': async (change, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, change.studentId);
    const enrolment = (await store.enrolment.read(change.studentId))!;
    // The same status from the same day twice is one change recorded twice: refused, said so.
    const twin = enrolment.changes.find((c) => c.effectiveFrom === change.effectiveFrom && c.status === change.status && c.endsOn === change.endsOn);
    if (twin) throw new ApiError('CONFLICT', `${ENROLMENT_LABELS[change.status]} from ${change.effectiveFrom} is already recorded`);
    await store.enrolment.addChange(change, auditFrom(ctx, 'student page')).catch(refused);
    return detail(store, change.studentId);
  },
  'enrolment.removeChange': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    const before = await store.enrolment.change(id);
    if (!before) throw new ApiError('NOT_FOUND', `No enrolment status change ${id}`);
    await store.enrolment.removeChange(before, auditFrom(ctx, 'student page')).catch(refused);
    return detail(store, before.studentId);
  },
  'students.archive': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, id);
    await store.enrolment.setArchived(id, true, auditFrom(ctx, 'archived')).catch(refused);
    return detail(store, id);
  },
  'students.restore': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    await requireStudentIn(store, id);
    await store.enrolment.setArchived(id, false, auditFrom(ctx, 'restored from the archive')).catch(refused);
    return detail(store, id);
  },
};
