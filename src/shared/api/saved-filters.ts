import { z } from 'zod';
import { endpoint } from './contract';
import { RosterFilter } from './students';

/** Named roster filter sets an advisor saves and recalls (table saved_filters). */
export const SavedFilterInput = z.object({
  name: z.string().trim().min(1, 'give the filter a name').max(100, 'a filter name has at most 100 characters'),
  filter: RosterFilter,
});

export interface SavedFilter {
  id: number;
  name: string;
  filter: z.output<typeof RosterFilter>;
}

export const savedFiltersApi = {
  'savedFilters.list': endpoint<SavedFilter[]>()(z.object({})),
  /** Saving under an existing name replaces that filter set. */
  'savedFilters.save': endpoint<SavedFilter[]>()(SavedFilterInput),
  'savedFilters.remove': endpoint<SavedFilter[]>()(z.object({ id: z.number().int().positive() })),
};
