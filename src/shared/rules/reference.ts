import type { Setting, Specialty } from '../domain';

/** The office's reference facts as loaded from the database: the only input of the rules besides the student. */
export interface ReferenceData {
  settings: readonly Setting[];
  specialties: readonly Specialty[];
}

/**
 * The row of `key` in force on `date`: the latest effectiveFrom on or before it (null = since always).
 * Without a date, the row in force today is not assumed: the latest row wins.
 */
export function settingInForce(ref: ReferenceData, key: string, date?: string | null): Setting | null {
  let best: Setting | null = null;
  for (const s of ref.settings) {
    if (s.key !== key) continue;
    if (date && s.effectiveFrom !== null && s.effectiveFrom > date) continue;
    if (best === null || (s.effectiveFrom ?? '') > (best.effectiveFrom ?? '')) best = s;
  }
  return best;
}

export class MissingSettingError extends Error {
  constructor(key: string) {
    super(`The reference setting "${key}" is missing; restore it in Settings.`);
    this.name = 'MissingSettingError';
  }
}

export function numberSetting(ref: ReferenceData, key: string, date?: string | null): number {
  const s = settingInForce(ref, key, date);
  if (!s) throw new MissingSettingError(key);
  const n = Number(s.value);
  if (!Number.isFinite(n)) throw new Error(`The reference setting "${key}" is not a number: ${s.value}`);
  return n;
}

export function textSetting(ref: ReferenceData, key: string, date?: string | null): string {
  const s = settingInForce(ref, key, date);
  if (!s) throw new MissingSettingError(key);
  return s.value;
}
