import { ApiError } from '../../shared/api';
import { localToday } from '../../shared/domain';
import { evaluateStudent } from '../../shared/rules/flags';
import { loadReferenceData } from '../db/reference';
import { loadSnapshot } from '../db/students';
import { cohortFlags } from '../flags/cohort';
import type { HandlerMap } from './context';

export const flagHandlers: HandlerMap<'flags.cohort' | 'flags.student'> = {
  'flags.cohort': (query, { db }) => cohortFlags(db, query),
  'flags.student': ({ id, asOf }, { db }) => {
    const snapshot = loadSnapshot(db, id);
    if (!snapshot) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
    return evaluateStudent(snapshot, loadReferenceData(db), asOf ?? localToday());
  },
};
