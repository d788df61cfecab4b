import type { ReferenceData } from '../../shared/rules/reference';
import { findSpecialty, specialtyKey } from '../../shared/rules/specialties';
import type { Db } from '../db/open';

/**
 * The stored target-specialty texts a filter means, matched the way the rules match a target
 * ("Derm", "dermatology" and "Dermatology" are one specialty), as flags.cohort does; SQL then filters
 * with an IN list on the indexed column. A text that is no specialty matches its own spelling only.
 */
export function targetVariants(db: Db, ref: ReferenceData, text: string): string[] {
  const row = findSpecialty(ref.specialties, text);
  const key = specialtyKey(text);
  const stored = (db.prepare('SELECT DISTINCT target_specialty AS t FROM students WHERE target_specialty IS NOT NULL').all() as { t: string }[]).map((r) => r.t);
  return stored.filter((t) => (row ? findSpecialty(ref.specialties, t) === row : specialtyKey(t) === key));
}

/** A roster or dashboard filter as the SQL takes it: the target specialty resolved to its stored spellings. */
export function sqlFilter<F extends { targetSpecialty?: string }>(db: Db, ref: ReferenceData, filter: F): Omit<F, 'targetSpecialty'> & { targetVariants?: string[] } {
  const { targetSpecialty, ...rest } = filter;
  return targetSpecialty?.trim() ? { ...rest, targetVariants: targetVariants(db, ref, targetSpecialty) } : rest;
}
