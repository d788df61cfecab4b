import { localToday } from '../../shared/domain';
import { practiceLines } from '../../shared/practice-lines';
import { concludeStudent } from '../cohort/student';
import { storeOf, type HandlerMap } from './context';

export const studentPageHandlers: HandlerMap<'students.practiceLines'> = {
  'students.practiceLines': async ({ id, asOf = localToday() }, ctx) => {
    const { ref, evaluation, status } = await concludeStudent(storeOf(ctx), id, asOf);
    return { ...practiceLines(ref, evaluation, asOf), exams: { step1: status.step1, ck: status.ck } };
  },
};
