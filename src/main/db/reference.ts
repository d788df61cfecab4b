import { ApiError } from '../../shared/api/contract';
import type { Setting, Specialty } from '../../shared/domain';
import type { ReferenceData } from '../../shared/rules/reference';
import { isOptionalSetting, settingFamily, settingValueProblem } from '../../shared/rules/setting-values';
import { specialtyKeys } from '../../shared/rules/specialties';
import { auditChanges, writeAudit, type AuditContext } from './audit';
import type { Db } from './open';

interface SettingRow {
  key: string;
  effective_from: string | null;
  kind: Setting['kind'];
  value: string;
  label: string;
  source: string;
  note: string | null;
}

/**
 * The key of the pseudonyms in de-identified reports (src/main/reports/pseudonyms.ts). It shares the
 * settings table but is a secret, not a reference fact: never listed, shown, typed in or audited by
 * value. Whoever saw it could turn a de-identified report's pseudonyms back into Student IDs.
 */
export const PSEUDONYM_KEY_SETTING = 'reports.pseudonymKey';

export function isSecretSetting(key: string): boolean {
  return key.trim() === PSEUDONYM_KEY_SETTING;
}

function refuseSecret(key: string): void {
  if (isSecretSetting(key))
    throw new ApiError(
      'REJECTED',
      'The pseudonym key of de-identified reports is a secret, not a reference fact: it is never shown or typed in. Replace it from the Reports page.',
    );
}

/** Every reference fact (the secret pseudonym key is not one). */
export function listSettings(db: Db): Setting[] {
  return (
    db
      .prepare(`SELECT key, effective_from, kind, value, label, source, note FROM settings WHERE key <> ? ORDER BY key, ifnull(effective_from, '')`)
      .all(PSEUDONYM_KEY_SETTING) as SettingRow[]
  ).map((r) => ({ key: r.key, effectiveFrom: r.effective_from, kind: r.kind, value: r.value, label: r.label, source: r.source, note: r.note }));
}

interface SpecialtyRow {
  id: number;
  name: string;
  tier: Specialty['tier'];
  reference_ck: number | null;
  aliases: string;
  source: string;
  effective_date: string;
  note: string | null;
}

export function listSpecialties(db: Db): Specialty[] {
  return (db.prepare(`SELECT id, name, tier, reference_ck, aliases, source, effective_date, note FROM specialties ORDER BY name`).all() as SpecialtyRow[]).map(
    (r) => ({
      id: r.id,
      name: r.name,
      tier: r.tier,
      referenceCk: r.reference_ck,
      aliases: JSON.parse(r.aliases) as string[],
      source: r.source,
      effectiveDate: r.effective_date,
      note: r.note,
    }),
  );
}

/** The office's reference data, as the rules read it. */
export function loadReferenceData(db: Db): ReferenceData {
  return { settings: listSettings(db), specialties: listSpecialties(db) };
}

// ─── Settings: one row per (key, effective date). Every key keeps exactly one base row (effective
// from "always", null) so that a rule asking for the value on any date, however old, finds one.

/** How the audit log names a setting row: "step2ck.minPass@2025-07-01", "usmle.reportingLagWeeks@always". */
export function settingAuditId(key: string, effectiveFrom: string | null): string {
  return `${key}@${effectiveFrom ?? 'always'}`;
}

export function getSetting(db: Db, key: string, effectiveFrom: string | null): Setting | null {
  const r = db
    .prepare(`SELECT key, effective_from, kind, value, label, source, note FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`)
    .get(key, effectiveFrom) as SettingRow | undefined;
  return r ? { key: r.key, effectiveFrom: r.effective_from, kind: r.kind, value: r.value, label: r.label, source: r.source, note: r.note } : null;
}

function settingRows(db: Db, key: string): Setting[] {
  return listSettings(db).filter((s) => s.key === key);
}

function describeRow(key: string, effectiveFrom: string | null): string {
  return effectiveFrom === null ? `${key} (in force since always)` : `${key} from ${effectiveFrom}`;
}

function requireSetting(db: Db, key: string, effectiveFrom: string | null): Setting {
  refuseSecret(key);
  const s = getSetting(db, key, effectiveFrom);
  if (!s) throw new ApiError('NOT_FOUND', `No setting ${describeRow(key, effectiveFrom)}`);
  return s;
}

function checkValue(key: string, kind: Setting['kind'], value: string): void {
  const problem = settingValueProblem(key, kind, value) ?? settingFamily(key)?.check(value.trim()) ?? null;
  if (problem) throw new ApiError('INVALID_INPUT', problem, [{ path: 'value', message: problem }]);
}

function checkFreeDate(db: Db, key: string, effectiveFrom: string | null): void {
  if (getSetting(db, key, effectiveFrom))
    throw new ApiError('CONFLICT', `${describeRow(key, effectiveFrom)} already exists; edit that row instead`, [{ path: 'effectiveFrom', message: 'a row with this date already exists' }]);
}

export interface SettingPatch {
  value?: string;
  source?: string;
  note?: string | null;
  effectiveFrom?: string | null;
}

/** Changes one setting row's value, source, note or effective date; audits each changed field. */
export function updateSetting(db: Db, key: string, effectiveFrom: string | null, patch: SettingPatch, who: AuditContext): Setting {
  return db.transaction(() => {
    const before = requireSetting(db, key, effectiveFrom);
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
      checkFreeDate(db, key, after.effectiveFrom);
    }
    const changed = auditChanges(db, who, 'setting', settingAuditId(key, effectiveFrom), pickEditable(before), pickEditable(after));
    if (changed.length)
      db.prepare(
        `UPDATE settings SET value = ?, source = ?, note = ?, effective_from = ?, updated_at = ? WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`,
      ).run(after.value, after.source, after.note, after.effectiveFrom, new Date().toISOString(), key, effectiveFrom);
    return after;
  })();
}

const pickEditable = (s: Setting) => ({ value: s.value, source: s.source, note: s.note, effectiveFrom: s.effectiveFrom });

export interface NewSetting {
  key: string;
  effectiveFrom: string | null;
  value: string;
  source: string;
  note?: string | null;
}

/**
 * Adds a row: a new dated value of an existing fact (a new Step 2 CK passing score from a date), or
 * a fact of an optional family (a season's published review date `eras.reviewDate.<G>`, a class's
 * Step 1 deadline `step1.deadline.<G>`). Kind and label come from the fact, never from the caller.
 */
export function addSetting(db: Db, input: NewSetting, who: AuditContext): Setting {
  return db.transaction(() => {
    const key = input.key.trim();
    refuseSecret(key);
    const existing = settingRows(db, key);
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
    checkFreeDate(db, key, input.effectiveFrom);
    const row: Setting = { key, effectiveFrom: input.effectiveFrom, kind, value: input.value.trim(), label, source: input.source.trim(), note: input.note?.trim() || null };
    checkValue(key, kind, row.value);
    db.prepare(`INSERT INTO settings (key, effective_from, kind, value, label, source, note, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      row.key,
      row.effectiveFrom,
      row.kind,
      row.value,
      row.label,
      row.source,
      row.note,
      new Date().toISOString(),
    );
    writeAudit(db, who, { action: 'insert', entity: 'setting', entityId: settingAuditId(key, row.effectiveFrom), newValue: row });
    return row;
  })();
}

/**
 * Removes a dated row (the value in force before it applies again). The base row of a fact the
 * rules need is never removed, so no date is ever left without a value; the only row of an
 * optional fact (a season's published review date) may go, and the rules fall back to the default.
 */
export function removeSetting(db: Db, key: string, effectiveFrom: string | null, who: AuditContext): Setting {
  return db.transaction(() => {
    const row = requireSetting(db, key, effectiveFrom);
    if (effectiveFrom === null) {
      const rows = settingRows(db, key);
      if (rows.length > 1)
        throw new ApiError('REJECTED', `${describeRow(key, null)} is the value every date before ${rows.find((r) => r.effectiveFrom !== null)!.effectiveFrom} falls back on; remove the dated rows first or edit its value`);
      if (!isOptionalSetting(key)) throw new ApiError('REJECTED', `${key} is the last row of a fact the rules need; edit its value instead of removing it`);
    }
    db.prepare(`DELETE FROM settings WHERE key = ? AND ifnull(effective_from, '') = ifnull(?, '')`).run(key, effectiveFrom);
    writeAudit(db, who, { action: 'delete', entity: 'setting', entityId: settingAuditId(key, effectiveFrom), oldValue: row });
    return row;
  })();
}

// ─── Specialties: names unique (case-insensitively, and after the lookup's normalisation, so two
// rows never answer to one typed name); a null reference score means "use the tier default".

export type SpecialtyFields = Omit<Specialty, 'id'>;

export function getSpecialty(db: Db, id: number): Specialty | null {
  return listSpecialties(db).find((s) => s.id === id) ?? null;
}

function cleanSpecialty(s: SpecialtyFields): SpecialtyFields {
  const aliases = [...new Set(s.aliases.map((a) => a.trim()).filter(Boolean))];
  return { ...s, name: s.name.trim(), aliases, source: s.source.trim(), note: s.note?.trim() || null };
}

/** Refuses names or aliases that another row already answers to (only those this edit introduces). */
function checkNamesFree(db: Db, s: SpecialtyFields, before: Specialty | null): void {
  const introduced = new Set(specialtyKeys(s));
  if (before) for (const k of specialtyKeys(before)) introduced.delete(k);
  for (const other of listSpecialties(db)) {
    if (other.id === before?.id) continue;
    const clash = specialtyKeys(other).find((k) => introduced.has(k));
    if (clash !== undefined) {
      const typed = [s.name, ...s.aliases].find((n) => specialtyKeys({ name: n, aliases: [] }).includes(clash)) ?? clash;
      const field = specialtyKeys({ name: s.name, aliases: [] }).includes(clash) ? 'name' : 'aliases';
      throw new ApiError('CONFLICT', `"${typed}" already names ${other.name}`, [{ path: field, message: `already names ${other.name}` }]);
    }
  }
}

function specialtyParams(s: SpecialtyFields) {
  return [s.name, s.tier, s.referenceCk, JSON.stringify(s.aliases), s.source, s.effectiveDate, s.note] as const;
}

export function addSpecialty(db: Db, input: SpecialtyFields, who: AuditContext): Specialty {
  return db.transaction(() => {
    const s = cleanSpecialty(input);
    checkNamesFree(db, s, null);
    const { lastInsertRowid } = db
      .prepare(`INSERT INTO specialties (name, tier, reference_ck, aliases, source, effective_date, note) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(...specialtyParams(s));
    const saved = { id: Number(lastInsertRowid), ...s };
    writeAudit(db, who, { action: 'insert', entity: 'specialty', entityId: String(saved.id), newValue: saved });
    return saved;
  })();
}

export function updateSpecialty(db: Db, id: number, patch: Partial<SpecialtyFields>, who: AuditContext): Specialty {
  return db.transaction(() => {
    const before = getSpecialty(db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No specialty ${id}`);
    const { id: _id, ...fields } = before;
    const after = cleanSpecialty({ ...fields, ...patch });
    checkNamesFree(db, after, before);
    const changed = auditChanges(db, who, 'specialty', String(id), fields, after);
    if (changed.length)
      db.prepare(`UPDATE specialties SET name = ?, tier = ?, reference_ck = ?, aliases = ?, source = ?, effective_date = ?, note = ? WHERE id = ?`).run(...specialtyParams(after), id);
    return { id, ...after };
  })();
}

/** Removes a specialty; its programs stay, with no specialty (ON DELETE SET NULL). */
export function removeSpecialty(db: Db, id: number, who: AuditContext): Specialty {
  return db.transaction(() => {
    const before = getSpecialty(db, id);
    if (!before) throw new ApiError('NOT_FOUND', `No specialty ${id}`);
    db.prepare('DELETE FROM specialties WHERE id = ?').run(id);
    writeAudit(db, who, { action: 'delete', entity: 'specialty', entityId: String(id), oldValue: before });
    return before;
  })();
}
