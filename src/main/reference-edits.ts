/**
 * What an edit of the reference facts means, decided over the rows as they stand (both engines' stores
 * read them, plan here, then write in their own SQL): a setting's value, source, note or effective
 * date changed, a dated row or an optional fact added, a row removed; a specialty added, changed or
 * removed. Every refusal names the row and why, in the words the Settings and Specialties pages show.
 */
import { ApiError } from '../shared/api/contract';
import type { Setting, Specialty } from '../shared/domain';
import { isOptionalSetting, settingFamily, settingValueProblem } from '../shared/rules/setting-values';
import { specialtyKeys } from '../shared/rules/specialties';

/**
 * The key of the pseudonyms in de-identified reports (src/main/reports/pseudonyms.ts). It shares the
 * settings table but is a secret, not a reference fact: never listed, shown, typed in or audited by
 * value. Whoever saw it could turn a de-identified report's pseudonyms back into Student IDs.
 */
export const PSEUDONYM_KEY_SETTING = 'reports.pseudonymKey';

export function isSecretSetting(key: string): boolean {
  return key.trim() === PSEUDONYM_KEY_SETTING;
}

export function refuseSecret(key: string): void {
  if (isSecretSetting(key))
    throw new ApiError(
      'REJECTED',
      'The pseudonym key of de-identified reports is a secret, not a reference fact: it is never shown or typed in. Replace it from the Reports page.',
    );
}

/** How the audit log names a setting row: "step2ck.minPass@2025-07-01", "usmle.reportingLagWeeks@always". */
export function settingAuditId(key: string, effectiveFrom: string | null): string {
  return `${key}@${effectiveFrom ?? 'always'}`;
}

function describeRow(key: string, effectiveFrom: string | null): string {
  return effectiveFrom === null ? `${key} (in force since always)` : `${key} from ${effectiveFrom}`;
}

function findSetting(rows: readonly Setting[], key: string, effectiveFrom: string | null): Setting | undefined {
  return rows.find((s) => s.key === key && s.effectiveFrom === effectiveFrom);
}

function requireSetting(rows: readonly Setting[], key: string, effectiveFrom: string | null): Setting {
  refuseSecret(key);
  const s = findSetting(rows, key, effectiveFrom);
  if (!s) throw new ApiError('NOT_FOUND', `No setting ${describeRow(key, effectiveFrom)}`);
  return s;
}

function checkValue(key: string, kind: Setting['kind'], value: string): void {
  const problem = settingValueProblem(key, kind, value) ?? settingFamily(key)?.check(value.trim()) ?? null;
  if (problem) throw new ApiError('INVALID_INPUT', problem, [{ path: 'value', message: problem }]);
}

function checkFreeDate(rows: readonly Setting[], key: string, effectiveFrom: string | null): void {
  if (findSetting(rows, key, effectiveFrom))
    throw new ApiError('CONFLICT', `${describeRow(key, effectiveFrom)} already exists; edit that row instead`, [{ path: 'effectiveFrom', message: 'a row with this date already exists' }]);
}

export interface SettingPatch {
  value?: string;
  source?: string;
  note?: string | null;
  effectiveFrom?: string | null;
}

/** The row's editable fields, as the audit compares them. */
export const editableSetting = (s: Setting) => ({ value: s.value, source: s.source, note: s.note, effectiveFrom: s.effectiveFrom });

/** One setting row's value, source, note or effective date changed: the row before and after (refused with the reason). */
export function planSettingUpdate(rows: readonly Setting[], key: string, effectiveFrom: string | null, patch: SettingPatch): { before: Setting; after: Setting } {
  const before = requireSetting(rows, key, effectiveFrom);
  const after: Setting = {
    ...before,
    value: patch.value !== undefined ? patch.value.trim() : before.value,
    source: patch.source !== undefined ? patch.source.trim() : before.source,
    note: patch.note !== undefined ? patch.note?.trim() || null : before.note,
    effectiveFrom: patch.effectiveFrom !== undefined ? patch.effectiveFrom : before.effectiveFrom,
  };
  checkValue(key, before.kind, after.value);
  if (after.effectiveFrom !== before.effectiveFrom) {
    if (before.effectiveFrom === null)
      throw new ApiError('REJECTED', `${describeRow(key, null)} is the base value every earlier date falls back on; it cannot be given a start date. Add a dated row instead.`, [
        { path: 'effectiveFrom', message: 'the base row stays in force since always' },
      ]);
    if (after.effectiveFrom === null)
      throw new ApiError('REJECTED', `${key} already has a base row (in force since always); a dated row cannot become a second one. Edit the base row instead.`, [
        { path: 'effectiveFrom', message: 'a dated row needs its date' },
      ]);
    checkFreeDate(rows, key, after.effectiveFrom);
  }
  return { before, after };
}

export interface NewSetting {
  key: string;
  effectiveFrom: string | null;
  value: string;
  source: string;
  note?: string | null;
}

/**
 * A row added: a new dated value of an existing fact (a new Step 2 CK passing score from a date), or
 * a fact of an optional family (a season's published review date `eras.reviewDate.<G>`, a class's
 * Step 1 deadline `step1.deadline.<G>`). Kind and label come from the fact, never from the caller.
 */
export function planSettingAdd(rows: readonly Setting[], input: NewSetting): Setting {
  const key = input.key.trim();
  refuseSecret(key);
  const existing = rows.filter((s) => s.key === key);
  const family = settingFamily(key);
  let kind: Setting['kind'];
  let label: string;
  if (existing.length > 0) {
    if (input.effectiveFrom === null)
      throw new ApiError('CONFLICT', `${key} already has a base row (in force since always); give the new value the date it takes effect`, [
        { path: 'effectiveFrom', message: 'a new value needs the date it takes effect' },
      ]);
    const base = existing.find((s) => s.effectiveFrom === null) ?? existing[0];
    ({ kind, label } = base);
  } else if (family) {
    if (input.effectiveFrom !== null)
      throw new ApiError('INVALID_INPUT', `${key} is one date for one season or class; it takes no effective date`, [{ path: 'effectiveFrom', message: 'leave blank' }]);
    ({ kind, label } = family);
  } else {
    throw new ApiError(
      'INVALID_INPUT',
      `Unknown setting "${key}": new settings can only be a season's published review date (eras.reviewDate.YYYY) or a class's Step 1 deadline (step1.deadline.YYYY)`,
      [{ path: 'key', message: 'not a setting the rules read' }],
    );
  }
  checkFreeDate(rows, key, input.effectiveFrom);
  const row: Setting = { key, effectiveFrom: input.effectiveFrom, kind, value: input.value.trim(), label, source: input.source.trim(), note: input.note?.trim() || null };
  checkValue(key, kind, row.value);
  return row;
}

/**
 * A dated row removed (the value in force before it applies again). The base row of a fact the rules
 * need is never removed, so no date is ever left without a value; the only row of an optional fact
 * (a season's published review date) may go, and the rules fall back to the default.
 */
export function planSettingRemove(rows: readonly Setting[], key: string, effectiveFrom: string | null): Setting {
  const row = requireSetting(rows, key, effectiveFrom);
  if (effectiveFrom === null) {
    const all = rows.filter((s) => s.key === key);
    if (all.length > 1)
      throw new ApiError('REJECTED', `${describeRow(key, null)} is the value every date before ${all.find((r) => r.effectiveFrom !== null)!.effectiveFrom} falls back on; remove the dated rows first or edit its value`);
    if (!isOptionalSetting(key)) throw new ApiError('REJECTED', `${key} is the last row of a fact the rules need; edit its value instead of removing it`);
  }
  return row;
}

// ─── Specialties: names unique (case-insensitively, and after the lookup's normalisation, so two
// rows never answer to one typed name); a null reference score means "use the tier default".

export type SpecialtyFields = Omit<Specialty, 'id'>;

function cleanSpecialty(s: SpecialtyFields): SpecialtyFields {
  const aliases = [...new Set(s.aliases.map((a) => a.trim()).filter(Boolean))];
  return { ...s, name: s.name.trim(), aliases, source: s.source.trim(), note: s.note?.trim() || null };
}

/** Refuses names or aliases that another row already answers to (only those this edit introduces). */
function checkNamesFree(list: readonly Specialty[], s: SpecialtyFields, before: Specialty | null): void {
  const introduced = new Set(specialtyKeys(s));
  if (before) for (const k of specialtyKeys(before)) introduced.delete(k);
  for (const other of list) {
    if (other.id === before?.id) continue;
    const clash = specialtyKeys(other).find((k) => introduced.has(k));
    if (clash !== undefined) {
      const typed = [s.name, ...s.aliases].find((n) => specialtyKeys({ name: n, aliases: [] }).includes(clash)) ?? clash;
      const field = specialtyKeys({ name: s.name, aliases: [] }).includes(clash) ? 'name' : 'aliases';
      throw new ApiError('CONFLICT', `"${typed}" already names ${other.name}`, [{ path: field, message: `already names ${other.name}` }]);
    }
  }
}

export function planSpecialtyAdd(list: readonly Specialty[], input: SpecialtyFields): SpecialtyFields {
  const s = cleanSpecialty(input);
  checkNamesFree(list, s, null);
  return s;
}

function requireSpecialty(list: readonly Specialty[], id: number): Specialty {
  const s = list.find((x) => x.id === id);
  if (!s) throw new ApiError('NOT_FOUND', `No specialty ${id}`);
  return s;
}

export function planSpecialtyUpdate(list: readonly Specialty[], id: number, patch: Partial<SpecialtyFields>): { before: Specialty; fields: SpecialtyFields; after: SpecialtyFields } {
  const before = requireSpecialty(list, id);
  const { id: _id, ...fields } = before;
  const after = cleanSpecialty({ ...fields, ...patch });
  checkNamesFree(list, after, before);
  return { before, fields, after };
}

/** A specialty removed; its programs stay, with no specialty. */
export function planSpecialtyRemove(list: readonly Specialty[], id: number): Specialty {
  return requireSpecialty(list, id);
}
