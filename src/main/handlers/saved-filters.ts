import { ApiError } from '../../shared/api/contract';
import { deleteSavedFilter, listSavedFilters, saveFilter } from '../db/saved-filters';
import { auditFrom, type HandlerMap } from './context';

export const savedFilterHandlers: HandlerMap<'savedFilters.list' | 'savedFilters.save' | 'savedFilters.remove'> = {
  'savedFilters.list': (_input, { db }) => listSavedFilters(db),
  'savedFilters.save': ({ name, filter }, ctx) => {
    ctx.db.transaction(() => saveFilter(ctx.db, name, filter, auditFrom(ctx, 'roster')))();
    return listSavedFilters(ctx.db);
  },
  'savedFilters.remove': ({ id }, ctx) => {
    const removed = ctx.db.transaction(() => deleteSavedFilter(ctx.db, id, auditFrom(ctx, 'roster')))();
    if (!removed) throw new ApiError('NOT_FOUND', `No saved filter ${id}`);
    return listSavedFilters(ctx.db);
  },
};
