import { localToday } from '../../shared/domain';
import { practiceLines } from '../../shared/practice-lines';
import { concludeStudent } from '../cohort/student';
import type { HandlerMap } from './context';

export const studentPageHandlers: HandlerMap<'students.practiceLines'> = {
  'students.practiceLines': ({ id, asOf = localToday() }, { db }) => {
    const { ref, evaluation, status } = concludeStudent(db, id, asOf);
    return { ...practiceLines(ref, evaluation, asOf), exams: { step1: status.step1, ck: status.ck } };
  },
};
