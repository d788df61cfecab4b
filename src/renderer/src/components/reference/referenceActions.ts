/**
 * The Settings and Specialties screens' writes, in the words of the screens (a row before and after),
 * turned into the risk engine's handlers: a setting row is named by key + effective date and patched;
 * a specialty is patched by id with only the fields that changed.
 */
import type { Setting, Specialty } from '../../../../shared/domain';
import { call } from '../../api/client';

export function updateSettingRow(before: Setting, after: Setting): Promise<Setting> {
  return call('settings.update', {
    key: before.key,
    effectiveFrom: before.effectiveFrom,
    patch: {
      ...(after.value !== before.value ? { value: after.value } : {}),
      ...(after.source !== before.source ? { source: after.source } : {}),
      ...(after.note !== before.note ? { note: after.note } : {}),
      ...(after.effectiveFrom !== before.effectiveFrom ? { effectiveFrom: after.effectiveFrom } : {}),
    },
  });
}

/** Kind and label come from the fact (or, for a new season's date, its family) in the main process. */
export function addSettingRow(row: Pick<Setting, 'key' | 'effectiveFrom' | 'value' | 'source' | 'note'>): Promise<Setting> {
  return call('settings.add', { key: row.key, effectiveFrom: row.effectiveFrom, value: row.value, source: row.source, note: row.note });
}

export function removeSettingRow(row: Setting): Promise<unknown> {
  return call('settings.remove', { key: row.key, effectiveFrom: row.effectiveFrom });
}

export type SpecialtyDraft = Omit<Specialty, 'id'>;

export function updateSpecialty(before: Specialty, after: SpecialtyDraft): Promise<Specialty> {
  const patch: Partial<SpecialtyDraft> = {};
  for (const field of Object.keys(after) as (keyof SpecialtyDraft)[])
    if (JSON.stringify(after[field]) !== JSON.stringify(before[field])) Object.assign(patch, { [field]: after[field] });
  return call('specialties.update', { id: before.id, patch });
}

export function addSpecialty(s: SpecialtyDraft): Promise<Specialty> {
  return call('specialties.add', s);
}

export function removeSpecialty(s: Specialty): Promise<unknown> {
  return call('specialties.remove', { id: s.id });
}
