import { ApiError } from '../../shared/api';
import { localToday } from '../../shared/domain';
import { evaluateStudent } from '../../shared/rules/flags';
import { cohortFlagsFrom } from '../flags/cohort';
import { storeOf, type HandlerMap } from './context';

export const flagHandlers: HandlerMap<'flags.cohort' | 'flags.student'> = {
  'flags.cohort': (query, ctx) => cohortFlagsFrom(storeOf(ctx), query),
  'flags.student': async ({ id, asOf }, ctx) => {
    const store = storeOf(ctx);
    const snapshot = await store.snapshot(id);
    if (!snapshot) throw new ApiError('NOT_FOUND', `No student with ID ${id}`);
    return evaluateStudent(snapshot, await store.referenceData(), asOf ?? localToday());
  },
};
