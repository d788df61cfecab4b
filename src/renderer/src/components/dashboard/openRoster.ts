import type { CohortFilter, RosterFilter } from '../../../../shared/api';
import { href, navigate } from '../../router';
import { rosterParams } from '../roster/rosterParams';

/** The roster of a chart element's students, within the dashboard's own filters (class, advisor…). */
export function rosterHref(filter: CohortFilter & { asOf: string }, view: Partial<RosterFilter>): string {
  return href('/roster', rosterParams({ ...filter, ...view }));
}

export function openRoster(filter: CohortFilter & { asOf: string }, view: Partial<RosterFilter>): void {
  navigate('/roster', rosterParams({ ...filter, ...view }));
}
