import { ApiError } from '../../shared/api/contract';
import { auditFrom, storeOf, type HandlerMap } from './context';

export const savedFilterHandlers: HandlerMap<'savedFilters.list' | 'savedFilters.save' | 'savedFilters.remove'> = {
  'savedFilters.list': (_input, ctx) => storeOf(ctx).savedFilters.list(),
  'savedFilters.save': async ({ name, filter }, ctx) => {
    const store = storeOf(ctx);
    await store.savedFilters.save(name, filter, auditFrom(ctx, 'roster'));
    return store.savedFilters.list();
  },
  'savedFilters.remove': async ({ id }, ctx) => {
    const store = storeOf(ctx);
    if (!(await store.savedFilters.remove(id, auditFrom(ctx, 'roster')))) throw new ApiError('NOT_FOUND', `No saved filter ${id}`);
    return store.savedFilters.list();
  },
};
